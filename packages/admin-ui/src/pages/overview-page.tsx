import { BlockStack, Card, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { BarChart } from "@shopify/polaris-viz";
import { settle } from "../api/result.ts";
import { useApiClients } from "../app/api-context.tsx";
import { useApi } from "../app/use-api.ts";
import { Loaded } from "../components/page-state.tsx";
import { expiringSeries, formatMoney, formatPercent, lastDays, pointsFlowSeries } from "../logic/overview.ts";

export function OverviewPage() {
  const { api } = useApiClients();
  const [summary, reloadSummary] = useApi(
    () => settle(api.GET("/v1/analytics/summary", { params: { query: lastDays(new Date(), 30) } })),
    [api],
  );
  const [expiring, reloadExpiring] = useApi(
    () => settle(api.GET("/v1/analytics/expiring", { params: { query: { days: 90 } } })),
    [api],
  );
  return (
    <Page title="Overview" subtitle="The last 30 days">
      <Layout>
        <Layout.Section>
          <Loaded state={summary} what="the analytics summary" onRetry={reloadSummary}>
            {(data) => (
              <BlockStack gap="400">
                <InlineGrid columns={{ xs: 1, md: 4 }} gap="400">
                  <Figure
                    label="Members"
                    value={data.members.toLocaleString("en")}
                    note={`${data.activeMembers} active`}
                  />
                  <Figure label="Points issued" value={data.pointsIssued.toLocaleString("en")} />
                  <Figure
                    label="Points redeemed"
                    value={data.pointsRedeemed.toLocaleString("en")}
                    note={`${formatPercent(data.redemptionRate)} of issued`}
                  />
                  <Figure
                    label="Liability"
                    value={formatMoney(data.liability.amount, data.liability.currency)}
                    note={`${data.outstandingPoints} points outstanding`}
                  />
                </InlineGrid>
                <Card>
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">
                      Points this period
                    </Text>
                    <div style={{ height: 260 }}>
                      <BarChart data={pointsFlowSeries(data)} theme="Light" />
                    </div>
                  </BlockStack>
                </Card>
              </BlockStack>
            )}
          </Loaded>
        </Layout.Section>
        <Layout.Section>
          <Loaded
            state={expiring}
            what="expiring points"
            onRetry={reloadExpiring}
            isEmpty={(data) => data.items.length === 0}
            empty="No points expire in the next 90 days."
          >
            {(data) => (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Points expiring per week (next 90 days)
                  </Text>
                  <div style={{ height: 260 }}>
                    <BarChart data={expiringSeries(data.items)} theme="Light" />
                  </div>
                </BlockStack>
              </Card>
            )}
          </Loaded>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h2" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingXl">
          {value}
        </Text>
        {note && (
          <Text as="p" tone="subdued">
            {note}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}
