import {
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  Form,
  InlineStack,
  Layout,
  Page,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { settle } from "../api/result.ts";
import { useApiClients } from "../app/api-context.tsx";
import { navigate } from "../app/hash-route.ts";
import { useApi } from "../app/use-api.ts";
import { Loaded } from "../components/page-state.tsx";

/**
 * Search by id or e-mail. While the server has no search route, the exact id still opens
 * the profile (GET /v1/customers/:id exists from the start).
 */
export function CustomersPage() {
  const { api } = useApiClients();
  const [draft, setDraft] = useState("");
  const [query, setQuery] = useState("");
  const [results, reload] = useApi(
    () => settle(api.GET("/v1/customers", { params: { query: { query } } })),
    [api, query],
  );
  const open = (id: string) => navigate(`/customers/${encodeURIComponent(id)}`);
  return (
    <Page title="Customers">
      <Layout>
        <Layout.Section>
          <Card>
            <Form onSubmit={() => setQuery(draft.trim())}>
              <InlineStack gap="200" blockAlign="end" wrap={false}>
                <div style={{ flexGrow: 1 }}>
                  <TextField
                    label="Customer id or e-mail"
                    value={draft}
                    onChange={setDraft}
                    autoComplete="off"
                  />
                </div>
                <Button submit variant="primary">
                  Search
                </Button>
              </InlineStack>
            </Form>
          </Card>
        </Layout.Section>
        <Layout.Section>
          {results.status === "unavailable" ? (
            <BlockStack gap="300">
              <Banner tone="info" title="Search is not available on this server yet">
                <p>
                  The server has no customer search route ({results.message}). Open a customer by their exact
                  id instead.
                </p>
              </Banner>
              {query !== "" && (
                <InlineStack>
                  <Button onClick={() => open(query)}>{`Open customer ${query}`}</Button>
                </InlineStack>
              )}
            </BlockStack>
          ) : (
            <Loaded
              state={results}
              what="customers"
              onRetry={reload}
              isEmpty={(data) => data.items.length === 0}
              empty={
                query === ""
                  ? "No customers yet: they appear with their first order."
                  : `No customer matches “${query}”.`
              }
            >
              {(data) => (
                <Card padding="0">
                  <DataTable
                    columnContentTypes={["text", "text", "numeric", "numeric", "text"]}
                    headings={["Customer", "E-mail", "Balance", "Lifetime points", "Tier"]}
                    rows={data.items.map((item) => [
                      <Button key={item.customerId} variant="plain" onClick={() => open(item.customerId)}>
                        {item.customerId}
                      </Button>,
                      item.email ?? "—",
                      item.balance,
                      item.lifetimePoints,
                      item.tier?.name ?? "—",
                    ])}
                  />
                </Card>
              )}
            </Loaded>
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}
