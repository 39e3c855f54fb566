import { signShopifyBody } from "./hmac.ts";

export interface SignedWebhookInput {
  body: Buffer | string;
  secret: string;
  topic: string;
  shop: string;
  webhookId: string;
  triggeredAt?: string;
  eventId?: string;
  apiVersion?: string;
}

export const DEFAULT_SHOPIFY_API_VERSION = "2026-10";

/**
 * The headers Shopify would send with this body (lowercase, as HTTP/2 and Fastify have
 * them), signed with `secret`: for route tests, the load generator and the demo.
 */
export function shopifyWebhookHeaders(input: SignedWebhookInput): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-shopify-topic": input.topic,
    "x-shopify-hmac-sha256": signShopifyBody(input.body, input.secret),
    "x-shopify-shop-domain": input.shop,
    "x-shopify-webhook-id": input.webhookId,
    "x-shopify-api-version": input.apiVersion ?? DEFAULT_SHOPIFY_API_VERSION,
  };
  if (input.triggeredAt !== undefined) headers["x-shopify-triggered-at"] = input.triggeredAt;
  if (input.eventId !== undefined) headers["x-shopify-event-id"] = input.eventId;
  return headers;
}
