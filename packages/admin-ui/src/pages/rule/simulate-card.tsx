import { Banner, BlockStack, Button, Card, List, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { settle } from "../../api/result.ts";
import { useApiClients } from "../../app/api-context.tsx";
import { errorsByField } from "../../logic/json-path.ts";
import { draftRulePath } from "../../logic/rule-form.ts";
import { parseEventText, SAMPLE_EVENT_TEXT } from "../../logic/sample-event.ts";

type Outcome =
  | { kind: "result"; points: number; matched: string[] }
  | { kind: "failed"; message: string; details: Array<[string, string]> }
  | null;

/** POST /v1/rules/simulate with the draft rule on a sample event: writes nothing. */
export function SimulateCard({
  draft,
  onRuleErrors,
}: {
  draft: () => unknown;
  onRuleErrors: (errors: Map<string, string>) => void;
}) {
  const { api } = useApiClients();
  const [eventText, setEventText] = useState(SAMPLE_EVENT_TEXT);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    const parsed = parseEventText(eventText);
    if (!parsed.ok) return setOutcome({ kind: "failed", message: parsed.message, details: [] });
    setBusy(true);
    const result = await settle(
      api.POST("/v1/rules/simulate", { body: { event: parsed.event as never, rules: [draft()] } }),
    );
    setBusy(false);
    if (result.status === "ok") {
      onRuleErrors(new Map());
      return setOutcome({
        kind: "result",
        points: result.data.points,
        matched: result.data.matched.map((m) => m.name),
      });
    }
    if (result.status === "unavailable")
      return setOutcome({ kind: "failed", message: result.message, details: [] });
    const details = (result.error.details as Array<{ path?: string; message?: string }>).map(
      (d): [string, string] => [draftRulePath(String(d.path ?? "$")), String(d.message ?? "")],
    );
    onRuleErrors(errorsByField(details.map(([path, message]) => ({ path, message }))));
    setOutcome({ kind: "failed", message: result.error.message, details });
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Simulate
        </Text>
        <TextField
          label="Sample event"
          helpText="{topic, payload} as Shopify posts it, or a normalised {type, data}"
          multiline={8}
          monospaced
          value={eventText}
          onChange={setEventText}
          autoComplete="off"
        />
        <Button onClick={run} loading={busy}>
          Simulate
        </Button>
        {outcome?.kind === "result" && (
          <Banner tone="info" title={`Simulated: ${outcome.points} points`}>
            <p>
              {outcome.matched.length > 0 ? `Matched: ${outcome.matched.join(", ")}` : "No rule matched."}
            </p>
          </Banner>
        )}
        {outcome?.kind === "failed" && (
          <Banner tone="critical" title={outcome.message}>
            <List>
              {outcome.details.map(([path, message]) => (
                <List.Item key={path + message}>
                  <code>{path}</code>: {message}
                </List.Item>
              ))}
            </List>
          </Banner>
        )}
      </BlockStack>
    </Card>
  );
}
