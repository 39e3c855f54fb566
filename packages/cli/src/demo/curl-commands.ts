import path from "node:path";
import { DEVELOPMENT_SHOPIFY_API_SECRET } from "@loyalty/platform";
import { DEMO_CUSTOMER, DEMO_SHOP } from "./demo-data.ts";

/** Ready-to-paste commands against the running stack, with the demo's key filled in. */
export function curlCommands(options: {
  ingestUrl: string;
  queryUrl: string;
  apiKey: string;
  secret: string;
  fixturesDir: string;
}): string[] {
  const { ingestUrl, queryUrl, apiKey } = options;
  const customer = `${queryUrl}/v1/customers/${DEMO_CUSTOMER}`;
  // Print the development secret (public anyway); never echo a real one.
  const secret = options.secret === DEVELOPMENT_SHOPIFY_API_SECRET ? options.secret : '"$SHOPIFY_API_SECRET"';
  const body = path.join(options.fixturesDir, "orders-paid.json");
  return [
    `export LOYALTY_API_KEY=${apiKey}`,
    "",
    "# the customer's balance and tier",
    `curl -s ${customer} -H "authorization: Bearer $LOYALTY_API_KEY"`,
    "# their transactions, newest first",
    `curl -s "${customer}/transactions?limit=50" -H "authorization: Bearer $LOYALTY_API_KEY"`,
    "# redeem the 5-off reward (the same idempotencyKey again answers the same redemption)",
    `curl -s -X POST ${customer}/redemptions -H "authorization: Bearer $LOYALTY_API_KEY" \\`,
    `  -H 'content-type: application/json' -d '{"rewardId":"5-off","idempotencyKey":"demo-redeem-1"}'`,
    "# post a signed Shopify webhook (orders/paid again: a new webhook id, no new points)",
    `body=${body}`,
    `sig=$(openssl dgst -sha256 -hmac ${secret} -binary < "$body" | base64)`,
    `curl -s ${ingestUrl}/webhooks/shopify -H 'content-type: application/json' \\`,
    `  -H 'x-shopify-topic: orders/paid' -H "x-shopify-hmac-sha256: $sig" \\`,
    `  -H 'x-shopify-shop-domain: ${DEMO_SHOP}' \\`,
    `  -H "x-shopify-webhook-id: $(uuidgen || date +%s%N)" --data-binary @"$body"`,
  ];
}
