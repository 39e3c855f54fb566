import { Banner, BlockStack, Button, Card, DataTable, InlineStack, Modal, Text } from "@shopify/polaris";
import { useState } from "react";
import { settle } from "../../api/result.ts";
import { useApiClients } from "../../app/api-context.tsx";
import { useApi } from "../../app/use-api.ts";
import { Loaded } from "../../components/page-state.tsx";
import { formatTime } from "../../logic/customer-profile.ts";

type Replay = { ids: string[] } | { all: true };

/** GET /v1/ops/dlq, and replay (one or all) after a confirmation. */
export function DeadLettersCard({ onReplayed }: { onReplayed: () => void }) {
  const { ops } = useApiClients();
  const client = ops!;
  const [letters, reload] = useApi(
    () => settle(client.GET("/v1/ops/dlq", { params: { query: { limit: 50 } } })),
    [client],
  );
  const [confirming, setConfirming] = useState<Replay | null>(null);
  const [notice, setNotice] = useState<{ tone: "success" | "critical"; title: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const replay = async (request: Replay) => {
    setBusy(true);
    const result = await settle(client.POST("/v1/ops/dlq/replay", { body: request }));
    setBusy(false);
    setConfirming(null);
    if (result.status === "ok")
      setNotice({
        tone: "success",
        title: `Replayed ${result.data.replayed} (${result.data.missing} already gone)`,
      });
    else
      setNotice({
        tone: "critical",
        title: result.status === "error" ? result.error.message : result.message,
      });
    reload();
    onReplayed();
  };
  const count = confirming === null ? 0 : "all" in confirming ? "every" : confirming.ids.length;
  return (
    <BlockStack gap="200">
      <InlineStack align="space-between">
        <Text as="h2" variant="headingMd">
          Dead letters
        </Text>
        {letters.status === "ok" && letters.data.items.length > 0 && (
          <Button onClick={() => setConfirming({ all: true })}>Replay all</Button>
        )}
      </InlineStack>
      {notice && <Banner tone={notice.tone} title={notice.title} onDismiss={() => setNotice(null)} />}
      <Loaded
        state={letters}
        what="dead letters"
        onRetry={reload}
        isEmpty={(data) => data.items.length === 0}
        empty="No dead letters: every event was applied."
      >
        {(data) => (
          <Card padding="0">
            <DataTable
              columnContentTypes={["text", "text", "text", "numeric", "text", "text"]}
              headings={["Dead letter", "Event", "Error", "Attempts", "Last failure", ""]}
              rows={data.items.map((item) => [
                item.id,
                item.event ? `${item.event.type} ${item.event.id}` : "unreadable payload",
                `${item.errorCode}: ${item.errorMessage}`,
                item.attempts,
                formatTime(item.lastFailureAt),
                <Button
                  key={item.id}
                  accessibilityLabel={`Replay ${item.id}`}
                  onClick={() => setConfirming({ ids: [item.id] })}
                >
                  Replay
                </Button>,
              ])}
            />
          </Card>
        )}
      </Loaded>
      <Modal
        open={confirming !== null}
        onClose={() => setConfirming(null)}
        title="Replay dead letters?"
        primaryAction={{ content: "Replay", onAction: () => confirming && replay(confirming), loading: busy }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirming(null) }]}
      >
        <Modal.Section>
          <Text as="p">
            {count === "every" ? "Every dead letter" : `${count} dead letter${count === 1 ? "" : "s"}`} will
            go back on its stream with attempt 0. Events already applied are skipped by the processor; the
            rest are applied now.
          </Text>
        </Modal.Section>
      </Modal>
    </BlockStack>
  );
}
