import {
  BlockStack,
  Button,
  Card,
  DataTable,
  Form,
  FormLayout,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { settle } from "../api/result.ts";
import { useApiClients } from "../app/api-context.tsx";
import { useOpsToken } from "../app/ops-token.ts";
import { useApi } from "../app/use-api.ts";
import { Loaded } from "../components/page-state.tsx";
import { streamTotals } from "../logic/streams.ts";
import { DeadLettersCard } from "./ops/dead-letters-card.tsx";

/** Streams and dead letters: needs the deployment's OPS_TOKEN, asked for here (kept in this tab). */
export function OpsPage() {
  const { ops } = useApiClients();
  const { setOpsToken } = useOpsToken();
  if (ops === null) return <OpsTokenForm onToken={setOpsToken} />;
  return (
    <Page
      title="Operations"
      secondaryActions={[{ content: "Forget OPS_TOKEN", onAction: () => setOpsToken(null) }]}
    >
      <OpsPanels />
    </Page>
  );
}

function OpsPanels() {
  const { ops } = useApiClients();
  const client = ops!;
  const [streams, reload] = useApi(() => settle(client.GET("/v1/ops/streams")), [client]);
  return (
    <Layout>
      <Layout.Section>
        <Loaded state={streams} what="stream status" onRetry={reload}>
          {(data) => {
            const totals = streamTotals(data.partitions);
            return (
              <Card padding="0">
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
                  headings={["Partition", "Length", "Lag", "Pending", "Retrying", "Dead letters"]}
                  rows={data.partitions.map((p) => [
                    String(p.partition),
                    p.length,
                    p.lag ?? "unknown",
                    p.pending,
                    p.retrying,
                    p.dlq,
                  ])}
                  totals={[
                    "",
                    totals.length,
                    totals.lag ?? "unknown",
                    totals.pending,
                    totals.retrying,
                    totals.dlq,
                  ]}
                  showTotalsInFooter
                />
              </Card>
            );
          }}
        </Loaded>
      </Layout.Section>
      <Layout.Section>
        <DeadLettersCard onReplayed={reload} />
      </Layout.Section>
    </Layout>
  );
}

function OpsTokenForm({ onToken }: { onToken: (token: string) => void }) {
  const [token, setToken] = useState("");
  return (
    <Page title="Operations" narrowWidth>
      <Card>
        <Form onSubmit={() => token.trim() !== "" && onToken(token.trim())}>
          <BlockStack gap="300">
            <Text as="p">
              Streams and dead letters need the deployment's OPS_TOKEN (not a shop's API key).
            </Text>
            <FormLayout>
              <TextField
                label="OPS_TOKEN"
                type="password"
                value={token}
                onChange={setToken}
                autoComplete="off"
              />
              <Button submit variant="primary">
                Use token
              </Button>
            </FormLayout>
          </BlockStack>
        </Form>
      </Card>
    </Page>
  );
}
