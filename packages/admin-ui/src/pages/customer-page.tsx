import {
  Badge,
  BlockStack,
  Card,
  DataTable,
  InlineGrid,
  Layout,
  Page,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import { settle } from "../api/result.ts";
import { useApiClients } from "../app/api-context.tsx";
import { useApi } from "../app/use-api.ts";
import { Loaded } from "../components/page-state.tsx";
import { formatDelta, formatTime, type LifecycleFields, profileLines } from "../logic/customer-profile.ts";
import { AdjustPointsCard } from "./customer/adjust-points-card.tsx";

/** One customer: profile, points history, adjustments and redemptions. */
export function CustomerPage({ customerId }: { customerId: string }) {
  const { api } = useApiClients();
  const path = { customerId };
  const [profile, reloadProfile] = useApi(
    () => settle(api.GET("/v1/customers/{customerId}", { params: { path } })),
    [api, customerId],
  );
  const [transactions, reloadTransactions] = useApi(
    () =>
      settle(api.GET("/v1/customers/{customerId}/transactions", { params: { path, query: { limit: 50 } } })),
    [api, customerId],
  );
  const [redemptions, reloadRedemptions] = useApi(
    () => settle(api.GET("/v1/customers/{customerId}/redemptions", { params: { path } })),
    [api, customerId],
  );
  const afterAdjustment = () => {
    reloadProfile();
    reloadTransactions();
  };
  return (
    <Page title={`Customer ${customerId}`} backAction={{ content: "Customers", url: "#/customers" }}>
      <Layout>
        <Layout.Section>
          <Loaded state={profile} what="this customer" onRetry={reloadProfile}>
            {(data) => (
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Profile
                  </Text>
                  <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
                    {profileLines(data as typeof data & LifecycleFields).map(([label, value]) => (
                      <BlockStack key={label} gap="050">
                        <Text as="h3" variant="headingSm" tone="subdued">
                          {label}
                        </Text>
                        <Text
                          as="p"
                          variant="bodyLg"
                          id={`profile-${label.toLowerCase().replaceAll(" ", "-")}`}
                        >
                          {value}
                        </Text>
                      </BlockStack>
                    ))}
                  </InlineGrid>
                  {data.nextTier && (
                    <ProgressBar
                      progress={data.tierProgress}
                      size="small"
                      ariaLabelledBy="profile-next-tier"
                    />
                  )}
                </BlockStack>
              </Card>
            )}
          </Loaded>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <AdjustPointsCard customerId={customerId} onAdjusted={afterAdjustment} />
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              Transactions
            </Text>
            <Loaded
              state={transactions}
              what="transactions"
              onRetry={reloadTransactions}
              isEmpty={(data) => data.items.length === 0}
              empty="No points movements yet."
            >
              {(data) => (
                <Card padding="0">
                  <DataTable
                    columnContentTypes={["text", "text", "numeric", "text", "text"]}
                    headings={["When", "Kind", "Points", "Reason", "Order"]}
                    rows={data.items.map((item) => [
                      formatTime(item.createdAt),
                      <Badge key={item.id}>{item.kind}</Badge>,
                      formatDelta(item.delta),
                      item.reason,
                      item.orderId ?? "—",
                    ])}
                  />
                </Card>
              )}
            </Loaded>
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              Redemptions
            </Text>
            <Loaded
              state={redemptions}
              what="this customer's redemptions"
              onRetry={reloadRedemptions}
              isEmpty={(data) => data.items.length === 0}
              empty="No redemptions yet."
            >
              {(data) => (
                <Card padding="0">
                  <DataTable
                    columnContentTypes={["text", "text", "numeric", "text", "text"]}
                    headings={["Redemption", "Status", "Points", "Code", "Expires"]}
                    rows={data.items.map((item) => [
                      item.redemptionId,
                      item.status,
                      item.pointsDeducted,
                      item.code ?? "—",
                      item.expiresAt ? formatTime(item.expiresAt) : "—",
                    ])}
                  />
                </Card>
              )}
            </Loaded>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
