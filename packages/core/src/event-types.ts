import { z } from "zod";

/** Normalised event types; the Shopify topic → type map lives in @loyalty/shopify. */
export const EventType = z.enum([
  "order.created",
  "order.paid",
  "order.cancelled",
  "order.fulfilled",
  "refund.created",
  "customer.created",
  "customer.updated",
  "customer.redact",
  "customer.data_request",
  "shop.redact",
  "app.uninstalled",
]);
export type EventType = z.infer<typeof EventType>;

export const ORDER_EVENT_TYPES = [
  "order.created",
  "order.paid",
  "order.cancelled",
  "order.fulfilled",
] as const;
