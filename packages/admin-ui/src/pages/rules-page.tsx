import { Badge, Button, Card, DataTable, Page } from "@shopify/polaris";
import { settle } from "../api/result.ts";
import { useApiClients } from "../app/api-context.tsx";
import { navigate } from "../app/hash-route.ts";
import { useApi } from "../app/use-api.ts";
import { Loaded } from "../components/page-state.tsx";
import { formatTime } from "../logic/customer-profile.ts";

export function RulesPage() {
  const { api } = useApiClients();
  const [rules, reload] = useApi(() => settle(api.GET("/v1/rules", { params: { query: {} } })), [api]);
  return (
    <Page title="Rules" primaryAction={{ content: "New rule", url: "#/rules/new" }}>
      <Loaded
        state={rules}
        what="rules"
        onRetry={reload}
        isEmpty={(data) => data.items.length === 0}
        empty="No rules yet: create one, or import a file with loyalty rules import."
      >
        {(data) => (
          <Card padding="0">
            <DataTable
              columnContentTypes={["text", "text", "numeric", "numeric", "text"]}
              headings={["Rule", "Status", "Priority", "Version", "Updated"]}
              rows={data.items.map((rule) => [
                <Button key={rule.id} variant="plain" onClick={() => navigate(`/rules/${rule.id}`)}>
                  {rule.name}
                </Button>,
                <Badge key={`${rule.id}-status`} tone={rule.status === "active" ? "success" : undefined}>
                  {rule.status}
                </Badge>,
                rule.priority,
                rule.version,
                formatTime(rule.updatedAt),
              ])}
            />
          </Card>
        )}
      </Loaded>
    </Page>
  );
}
