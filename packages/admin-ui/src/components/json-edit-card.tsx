import { Banner, BlockStack, Button, Card, List, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { ApiResult } from "../api/result.ts";
import { errorsByField } from "../logic/json-path.ts";
import { Unavailable } from "./page-state.tsx";

interface Props {
  title: string;
  helpText: string;
  initial: string;
  submitLabel: string;
  /** Sends the parsed JSON; the page reloads its data on success. */
  send: (body: unknown) => Promise<ApiResult<unknown>>;
  onSaved: () => void;
}

type Outcome =
  | { kind: "saved" }
  | { kind: "unavailable"; message: string }
  | { kind: "failed"; message: string; errors: Array<[string, string]> }
  | null;

/** A file-shaped edit (tiers file, rewards file) with every server error listed at its JSON path. */
export function JsonEditCard({ title, helpText, initial, submitLabel, send, onSaved }: Props) {
  const [text, setText] = useState(initial);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      return setOutcome({ kind: "failed", message: `Not JSON: ${(error as Error).message}`, errors: [] });
    }
    setBusy(true);
    const result = await send(body);
    setBusy(false);
    if (result.status === "ok") {
      setOutcome({ kind: "saved" });
      onSaved();
    } else if (result.status === "unavailable") setOutcome({ kind: "unavailable", message: result.message });
    else
      setOutcome({
        kind: "failed",
        message: result.error.message,
        errors: [...errorsByField(result.error.details)],
      });
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        <TextField
          label={title}
          labelHidden
          helpText={helpText}
          multiline={8}
          monospaced
          value={text}
          onChange={setText}
          autoComplete="off"
        />
        <Button onClick={submit} loading={busy}>
          {submitLabel}
        </Button>
        {outcome?.kind === "saved" && <Banner tone="success" title="Saved" />}
        {outcome?.kind === "unavailable" && <Unavailable what="this change" message={outcome.message} />}
        {outcome?.kind === "failed" && (
          <Banner tone="critical" title={outcome.message}>
            <List>
              {outcome.errors.map(([key, message]) => (
                <List.Item key={key}>
                  <code>{key === "" ? "$" : `$.${key}`}</code>: {message}
                </List.Item>
              ))}
            </List>
          </Banner>
        )}
      </BlockStack>
    </Card>
  );
}
