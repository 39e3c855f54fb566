import { Card, DataTable, Layout, Page } from "@shopify/polaris";
import { settle } from "../api/result.ts";
import { useApiClients } from "../app/api-context.tsx";
import { useApi } from "../app/use-api.ts";
import { JsonEditCard } from "../components/json-edit-card.tsx";
import { Loaded } from "../components/page-state.tsx";

export function TiersPage() {
  const { api } = useApiClients();
  const [tiers, reload] = useApi(() => settle(api.GET("/v1/tiers")), [api]);
  return (
    <Page title="Tiers">
      <Layout>
        <Layout.Section>
          <Loaded
            state={tiers}
            what="tiers"
            onRetry={reload}
            isEmpty={(data) => data.length === 0}
            empty="No tiers yet: every customer is untiered."
          >
            {(data) => (
              <Card padding="0">
                <DataTable
                  columnContentTypes={["text", "text", "numeric", "numeric", "numeric"]}
                  headings={["Tier", "Key", "Level", "From lifetime points", "Multiplier"]}
                  rows={data.map((tier) => [
                    tier.name,
                    tier.key,
                    tier.level,
                    tier.minPoints,
                    `× ${tier.multiplier}`,
                  ])}
                />
              </Card>
            )}
          </Loaded>
        </Layout.Section>
        <Layout.Section>
          {tiers.status === "ok" && (
            <JsonEditCard
              title="Edit the tiers file"
              helpText="The tiers file (an array, or {basis, period, tiers}); it replaces every tier."
              initial={JSON.stringify(tiers.data, null, 2)}
              submitLabel="Replace tiers"
              send={(body) => settle(api.PUT("/v1/tiers", { body: body as never }))}
              onSaved={reload}
            />
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}
