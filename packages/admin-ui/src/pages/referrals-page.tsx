import { Card, DataTable, Layout, Page, Select } from "@shopify/polaris";
import { useState } from "react";
import { settle } from "../api/result.ts";
import { useApiClients } from "../app/api-context.tsx";
import { useApi } from "../app/use-api.ts";
import { Loaded } from "../components/page-state.tsx";
import { formatTime } from "../logic/customer-profile.ts";

export function ReferralsPage() {
  const { api } = useApiClients();
  const [status, setStatus] = useState("converted");
  const [referrals, reload] = useApi(
    () => settle(api.GET("/v1/referrals", { params: { query: { status } } })),
    [api, status],
  );
  return (
    <Page title="Referrals">
      <Layout>
        <Layout.Section>
          <Card>
            <Select
              label="Show"
              options={[
                { label: "Converted", value: "converted" },
                { label: "Rejected", value: "rejected" },
              ]}
              value={status}
              onChange={setStatus}
            />
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Loaded
            state={referrals}
            what="referrals"
            onRetry={reload}
            isEmpty={(data) => data.items.length === 0}
            empty={`No ${status} referrals yet.`}
          >
            {(data) => (
              <Card padding="0">
                <DataTable
                  columnContentTypes={["text", "text", "text", "text", "text", "text"]}
                  headings={["Referrer", "Referee", "Code", "Status", "Reason", "When"]}
                  rows={data.items.map((item) => [
                    item.referrerId,
                    item.refereeId ?? "—",
                    item.code,
                    item.status,
                    item.reason ?? "—",
                    formatTime(item.createdAt),
                  ])}
                />
              </Card>
            )}
          </Loaded>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
