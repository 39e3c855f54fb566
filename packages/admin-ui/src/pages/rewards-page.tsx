import { Badge, Card, DataTable, Layout, Page } from "@shopify/polaris";
import { settle } from "../api/result.ts";
import { useApiClients } from "../app/api-context.tsx";
import { useApi } from "../app/use-api.ts";
import { JsonEditCard } from "../components/json-edit-card.tsx";
import { Loaded } from "../components/page-state.tsx";

const EXAMPLE = JSON.stringify(
  [{ key: "10-off", name: "$10 off", costPoints: 1000, kind: "fixed_discount", value: 10 }],
  null,
  2,
);

export function RewardsPage() {
  const { api } = useApiClients();
  const [rewards, reload] = useApi(() => settle(api.GET("/v1/rewards")), [api]);
  return (
    <Page title="Rewards">
      <Layout>
        <Layout.Section>
          <Loaded
            state={rewards}
            what="rewards"
            onRetry={reload}
            isEmpty={(data) => data.length === 0}
            empty="No rewards yet: customers cannot spend points."
          >
            {(data) => (
              <Card padding="0">
                <DataTable
                  columnContentTypes={["text", "text", "numeric", "text", "numeric", "text"]}
                  headings={["Reward", "Key", "Cost (points)", "Kind", "Value", "Status"]}
                  rows={data.map((reward) => [
                    reward.name,
                    reward.key,
                    reward.costPoints,
                    reward.kind,
                    reward.value ?? "—",
                    <Badge key={reward.key} tone={reward.active ? "success" : undefined}>
                      {reward.active ? "active" : "inactive"}
                    </Badge>,
                  ])}
                />
              </Card>
            )}
          </Loaded>
        </Layout.Section>
        <Layout.Section>
          <JsonEditCard
            title="Add or update rewards"
            helpText="A rewards file: one reward or an array; an existing key is updated."
            initial={EXAMPLE}
            submitLabel="Save rewards"
            send={(body) => settle(api.POST("/v1/rewards", { body: body as never }))}
            onSaved={reload}
          />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
