import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Form,
  FormLayout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { createApiClient } from "../api/client.ts";
import { settle } from "../api/result.ts";

/** Checks the key against the server (any /v1 route answers 401 to a bad key) before keeping it. */
export function SignInPage({ onSignIn }: { onSignIn: (key: string) => void }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    const result = await settle(createApiClient(key.trim()).GET("/v1/tiers"));
    setBusy(false);
    if (result.status === "ok" || result.status === "unavailable") onSignIn(key.trim());
    else setError(result.httpStatus === 401 ? "That API key was not accepted." : result.error.message);
  };
  return (
    <Page narrowWidth>
      <Box paddingBlockStart="1600">
        <Card>
          <Form onSubmit={submit}>
            <BlockStack gap="400">
              <Text as="h1" variant="headingLg">
                Loyalty Streams admin
              </Text>
              <Text as="p" tone="subdued">
                Sign in with your shop's API key (<code>loyalty keys create --shop …</code>). It is kept in
                this tab only.
              </Text>
              {error && <Banner tone="critical" title={error} />}
              <FormLayout>
                <TextField
                  label="API key"
                  type="password"
                  autoComplete="off"
                  value={key}
                  onChange={setKey}
                  requiredIndicator
                />
                <Button submit variant="primary" loading={busy} disabled={key.trim() === ""}>
                  Sign in
                </Button>
              </FormLayout>
            </BlockStack>
          </Form>
        </Card>
      </Box>
    </Page>
  );
}
