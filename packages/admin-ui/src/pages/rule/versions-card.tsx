import { BlockStack, Card, List, Text } from "@shopify/polaris";
import { settle } from "../../api/result.ts";
import { useApiClients } from "../../app/api-context.tsx";
import { useApi } from "../../app/use-api.ts";
import { Loaded } from "../../components/page-state.tsx";
import { formatTime } from "../../logic/customer-profile.ts";

/** GET /v1/rules/:id/versions, newest first as the server lists them. */
export function VersionsCard({ ruleId }: { ruleId: string }) {
  const { api } = useApiClients();
  const [versions, reload] = useApi(
    () => settle(api.GET("/v1/rules/{id}/versions", { params: { path: { id: ruleId } } })),
    [api, ruleId],
  );
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Versions
        </Text>
        <Loaded state={versions} what="versions" onRetry={reload} isEmpty={(data) => data.items.length === 0}>
          {(data) => (
            <List>
              {data.items.map((item) => (
                <List.Item key={item.version}>
                  Version {item.version} · {formatTime(item.createdAt)}
                </List.Item>
              ))}
            </List>
          )}
        </Loaded>
      </BlockStack>
    </Card>
  );
}
