import {
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  Form,
  FormLayout,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { settle } from "../api/result.ts";
import { useApiClients } from "../app/api-context.tsx";
import { useApi } from "../app/use-api.ts";
import { Loaded } from "../components/page-state.tsx";
import { formatTime } from "../logic/customer-profile.ts";
import { errorsByField } from "../logic/json-path.ts";
import { DeliveriesCard } from "./webhooks/deliveries-card.tsx";

export function WebhookEndpointsPage() {
  const { api } = useApiClients();
  const [endpoints, reload] = useApi(() => settle(api.GET("/v1/webhook-endpoints")), [api]);
  const [selected, setSelected] = useState<string | null>(null);
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState("points.awarded, tier.changed");
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [notice, setNotice] = useState<{ tone: "success" | "critical"; title: string; body?: string } | null>(
    null,
  );
  const create = async () => {
    const body = {
      url: url.trim(),
      events: events
        .split(",")
        .map((e) => e.trim())
        .filter((e) => e !== ""),
    };
    const result = await settle(api.POST("/v1/webhook-endpoints", { body }));
    if (result.status === "ok") {
      setErrors(new Map());
      setNotice({
        tone: "success",
        title: "Endpoint added",
        body: `Its signing secret (shown once): ${result.data.secret}`,
      });
      setUrl("");
      reload();
    } else if (result.status === "error") {
      setErrors(errorsByField(result.error.details));
      setNotice({ tone: "critical", title: result.error.message });
    }
  };
  const remove = async (id: string) => {
    await settle(api.DELETE("/v1/webhook-endpoints/{id}", { params: { path: { id } } }));
    if (selected === id) setSelected(null);
    reload();
  };
  return (
    <Page title="Webhook endpoints">
      <Layout>
        <Layout.Section>
          <Loaded
            state={endpoints}
            what="webhook endpoints"
            onRetry={reload}
            isEmpty={(data) => data.length === 0}
            empty="No endpoints: nothing is sent to your systems yet."
          >
            {(data) => (
              <Card padding="0">
                <DataTable
                  columnContentTypes={["text", "text", "text", "text"]}
                  headings={["URL", "Events", "Added", ""]}
                  rows={data.map((endpoint) => [
                    <Button key={endpoint.id} variant="plain" onClick={() => setSelected(endpoint.id)}>
                      {endpoint.url}
                    </Button>,
                    endpoint.events.join(", "),
                    formatTime(endpoint.createdAt),
                    <Button
                      key={`${endpoint.id}-delete`}
                      tone="critical"
                      variant="plain"
                      accessibilityLabel={`Delete ${endpoint.url}`}
                      onClick={() => remove(endpoint.id)}
                    >
                      Delete
                    </Button>,
                  ])}
                />
              </Card>
            )}
          </Loaded>
        </Layout.Section>
        {selected && (
          <Layout.Section>
            <DeliveriesCard endpointId={selected} />
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <Form onSubmit={create}>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Add an endpoint
                </Text>
                {notice && (
                  <Banner tone={notice.tone} title={notice.title} onDismiss={() => setNotice(null)}>
                    {notice.body && <p>{notice.body}</p>}
                  </Banner>
                )}
                <FormLayout>
                  <TextField
                    label="URL"
                    value={url}
                    onChange={setUrl}
                    autoComplete="off"
                    error={errors.get("url")}
                  />
                  <TextField
                    label="Events"
                    helpText="Comma-separated: points.awarded, points.clawed_back, tier.changed, reward.redeemed, …"
                    value={events}
                    onChange={setEvents}
                    autoComplete="off"
                    error={errors.get("events")}
                  />
                  <Button submit>Add endpoint</Button>
                </FormLayout>
              </BlockStack>
            </Form>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
