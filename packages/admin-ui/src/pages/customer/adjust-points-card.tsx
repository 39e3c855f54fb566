import { Banner, BlockStack, Button, Card, Form, FormLayout, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { ErrorBody } from "../../api/contract-paths.ts";
import { settle } from "../../api/result.ts";
import { useApiClients } from "../../app/api-context.tsx";
import { Unavailable } from "../../components/page-state.tsx";
import { checkAdjustment, newIdempotencyKey } from "../../logic/adjustment.ts";
import { errorsByField } from "../../logic/json-path.ts";

type Outcome =
  | { kind: "done"; balance: number }
  | { kind: "unavailable"; message: string }
  | { kind: "failed"; error: ErrorBody }
  | null;

/** Adds or takes away points with a reason (POST /v1/customers/:id/adjustments). */
export function AdjustPointsCard({ customerId, onAdjusted }: { customerId: string; onAdjusted: () => void }) {
  const { api } = useApiClients();
  const [points, setPoints] = useState("");
  const [reason, setReason] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<"points" | "reason", string>>>({});
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const check = checkAdjustment({ points, reason });
    if (!check.ok) return setFieldErrors(check.errors);
    setFieldErrors({});
    setBusy(true);
    const result = await settle(
      api.POST("/v1/customers/{customerId}/adjustments", {
        params: { path: { customerId } },
        body: {
          points: check.points,
          reason: check.reason,
          idempotencyKey: newIdempotencyKey(() => crypto.randomUUID()),
        },
      }),
    );
    setBusy(false);
    if (result.status === "ok") {
      setOutcome({ kind: "done", balance: result.data.balance });
      setPoints("");
      setReason("");
      onAdjusted();
    } else if (result.status === "unavailable") {
      setOutcome({ kind: "unavailable", message: result.message });
    } else {
      const byField = errorsByField(result.error.details);
      setFieldErrors({ points: byField.get("points"), reason: byField.get("reason") } as typeof fieldErrors);
      setOutcome({ kind: "failed", error: result.error });
    }
  };
  return (
    <Card>
      <Form onSubmit={submit}>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Adjust points
          </Text>
          {outcome?.kind === "done" && (
            <Banner tone="success" title={`Adjusted: balance now ${outcome.balance}`} />
          )}
          {outcome?.kind === "unavailable" && (
            <Unavailable what="points adjustments" message={outcome.message} />
          )}
          {outcome?.kind === "failed" && <Banner tone="critical" title={outcome.error.message} />}
          <FormLayout>
            <TextField
              label="Points"
              helpText="Negative to take points away"
              value={points}
              onChange={setPoints}
              autoComplete="off"
              inputMode="numeric"
              error={fieldErrors.points}
            />
            <TextField
              label="Reason"
              value={reason}
              onChange={setReason}
              autoComplete="off"
              error={fieldErrors.reason}
            />
            <Button submit variant="primary" loading={busy}>
              Adjust
            </Button>
          </FormLayout>
        </BlockStack>
      </Form>
    </Card>
  );
}
