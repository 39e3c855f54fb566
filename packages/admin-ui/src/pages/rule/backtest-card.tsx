import { Banner, BlockStack, Button, Card, FormLayout, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { settle } from "../../api/result.ts";
import { useApiClients } from "../../app/api-context.tsx";
import { Unavailable } from "../../components/page-state.tsx";
import { type BacktestResult, backtestRange, defaultBacktestRange } from "../../logic/backtest.ts";

type Outcome =
  | { kind: "result"; data: BacktestResult }
  | { kind: "unavailable"; message: string }
  | { kind: "failed"; message: string }
  | null;

/** POST /v1/rules/backtest: the draft against the archived events of a date range. */
export function BacktestCard({ draft }: { draft: () => unknown }) {
  const { api } = useApiClients();
  const initial = defaultBacktestRange(new Date());
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    const range = backtestRange(from, to);
    if (!range.ok) return setOutcome({ kind: "failed", message: range.message });
    setBusy(true);
    const result = await settle(
      api.POST("/v1/rules/backtest", { body: { rules: [draft()], ...range.range } }),
    );
    setBusy(false);
    if (result.status === "ok") setOutcome({ kind: "result", data: result.data });
    else if (result.status === "unavailable") setOutcome({ kind: "unavailable", message: result.message });
    else setOutcome({ kind: "failed", message: result.error.message });
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Backtest
        </Text>
        <FormLayout>
          <FormLayout.Group condensed>
            <TextField label="From" type="date" value={from} onChange={setFrom} autoComplete="off" />
            <TextField label="To" type="date" value={to} onChange={setTo} autoComplete="off" />
          </FormLayout.Group>
        </FormLayout>
        <Button onClick={run} loading={busy}>
          Run backtest
        </Button>
        {outcome?.kind === "unavailable" && <Unavailable what="backtests" message={outcome.message} />}
        {outcome?.kind === "failed" && <Banner tone="critical" title={outcome.message} />}
        {outcome?.kind === "result" && (
          <Banner
            tone="info"
            title={`${outcome.data.events} events: ${outcome.data.current.points} → ${outcome.data.draft.points} points`}
          >
            <p>
              {outcome.data.customersAffected} customers affected (delta {outcome.data.delta}).
            </p>
          </Banner>
        )}
      </BlockStack>
    </Card>
  );
}
