import {
  LOYALTY_DELIVERY_ID_HEADER,
  LOYALTY_EVENT_HEADER,
  LOYALTY_SIGNATURE_HEADER,
  signLoyaltyWebhook,
} from "@loyalty/core";
import type { WebhookDelivery } from "@loyalty/streams";

export const USER_AGENT = "LoyaltyStreams-Webhooks/1";

/** The body receivers get: `{"id","type","shop","createdAt","data"}`, `id` being the delivery id. */
export function deliveryBody(delivery: WebhookDelivery): string {
  return JSON.stringify({
    id: delivery.deliveryId,
    type: delivery.type,
    shop: delivery.shop,
    createdAt: delivery.createdAt,
    data: delivery.payload,
  });
}

/** Headers of one attempt, signed with the endpoint's current secret at `timestamp` (unix s). */
export function deliveryHeaders(
  delivery: WebhookDelivery,
  body: string,
  secret: string,
  timestamp: number,
): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    [LOYALTY_DELIVERY_ID_HEADER]: delivery.deliveryId,
    [LOYALTY_EVENT_HEADER]: delivery.type,
    [LOYALTY_SIGNATURE_HEADER]: signLoyaltyWebhook(secret, timestamp, body),
  };
}
