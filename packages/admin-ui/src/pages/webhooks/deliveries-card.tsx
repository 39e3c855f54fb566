import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import { settle } from "../../api/result.ts";
import { useApiClients } from "../../app/api-context.tsx";
import { useApi } from "../../app/use-api.ts";
import { Loaded } from "../../components/page-state.tsx";
import { formatTime } from "../../logic/customer-profile.ts";

/** GET /v1/webhook-endpoints/:id/deliveries: what was sent and how it went. */
export function DeliveriesCard({ endpointId }: { endpointId: string }) {
  const { api } = useApiClients();
  const [deliveries, reload] = useApi(
    () => settle(api.GET("/v1/webhook-endpoints/{id}/deliveries", { params: { path: { id: endpointId } } })),
    [api, endpointId],
  );
  return (
    <BlockStack gap="200">
      <Text as="h2" variant="headingMd">
        Delivery log
      </Text>
      <Loaded
        state={deliveries}
        what="the delivery log"
        onRetry={reload}
        isEmpty={(data) => data.items.length === 0}
        empty="Nothing delivered to this endpoint yet."
      >
        {(data) => (
          <Card padding="0">
            <DataTable
              columnContentTypes={["text", "text", "text", "numeric", "numeric"]}
              headings={["When", "Type", "Status", "Attempts", "HTTP"]}
              rows={data.items.map((d) => [
                formatTime(d.createdAt),
                d.type,
                d.status,
                d.attempts,
                d.responseStatus ?? "—",
              ])}
            />
          </Card>
        )}
      </Loaded>
    </BlockStack>
  );
}
