import { BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";
import type { Settings } from "../api/contract-paths.ts";
import { settle } from "../api/result.ts";
import { useApiClients } from "../app/api-context.tsx";
import { useApi } from "../app/use-api.ts";
import { JsonEditCard } from "../components/json-edit-card.tsx";
import { Loaded } from "../components/page-state.tsx";
import { settingsLines } from "../logic/settings.ts";

export function SettingsPage() {
  const { api } = useApiClients();
  const [settings, reload] = useApi(() => settle(api.GET("/v1/settings")), [api]);
  return (
    <Page title="Settings">
      <Loaded state={settings} what="settings" onRetry={reload}>
        {(data) => (
          <Layout>
            <Layout.Section>
              <Card>
                <BlockStack gap="300">
                  {settingsLines(data as Settings).map(([label, text]) => (
                    <BlockStack key={label} gap="050">
                      <Text as="h2" variant="headingSm">
                        {label}
                      </Text>
                      <Text as="p">{text}</Text>
                    </BlockStack>
                  ))}
                </BlockStack>
              </Card>
            </Layout.Section>
            <Layout.Section>
              <JsonEditCard
                title="Edit settings"
                helpText="pending, expiry, timezone, pointValue (and referrals): every mistake is shown at its JSON path."
                initial={JSON.stringify(data, null, 2)}
                submitLabel="Save settings"
                send={(body) => settle(api.PUT("/v1/settings", { body: body as never }))}
                onSaved={reload}
              />
            </Layout.Section>
          </Layout>
        )}
      </Loaded>
    </Page>
  );
}
