import { createHash } from "node:crypto";
import { z } from "zod";
import {
  AppUninstalledData,
  CustomerData,
  CustomerDataRequestData,
  CustomerRedactData,
  OrderData,
  RefundData,
  ShopRedactData,
} from "./event-data.ts";
import { ExpireData, ExpiryReminderData, ReleaseData, TierPeriodData } from "./system-events.ts";

/** `something.myshopify.com`, lowercased: the shop's stable identity. */
export const ShopDomain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "expected a *.myshopify.com domain");
export type ShopDomain = z.infer<typeof ShopDomain>;

const EnvelopeBase = z.object({
  /** Stable: derived from shop + X-Shopify-Webhook-Id, so a redelivery has the same id. */
  id: z.string().min(1),
  shop: ShopDomain,
  /** Null for guest checkouts and for refunds (resolved through the order by the processor). */
  customerId: z.string().nullable(),
  /** The order this event concerns, when any; used for partitioning guest orders and refunds. */
  orderId: z.string().nullable(),
  webhookId: z.string().min(1),
  /** When Shopify says it happened (X-Shopify-Triggered-At or the payload's timestamp). */
  occurredAt: z.iso.datetime({ offset: true }),
  receivedAt: z.iso.datetime({ offset: true }),
  requestId: z.string(),
  /** Processing attempts so far; 0 on first delivery, incremented by the retry scheduler. */
  attempt: z.number().int().min(0),
});

/** One envelope per stream entry, validated on both sides (ingest writes, processor reads). */
export const EventEnvelope = z.discriminatedUnion("type", [
  EnvelopeBase.extend({ type: z.literal("order.created"), data: OrderData }),
  EnvelopeBase.extend({ type: z.literal("order.paid"), data: OrderData }),
  EnvelopeBase.extend({ type: z.literal("order.cancelled"), data: OrderData }),
  EnvelopeBase.extend({ type: z.literal("order.fulfilled"), data: OrderData }),
  EnvelopeBase.extend({ type: z.literal("refund.created"), data: RefundData }),
  EnvelopeBase.extend({ type: z.literal("customer.created"), data: CustomerData }),
  EnvelopeBase.extend({ type: z.literal("customer.updated"), data: CustomerData }),
  EnvelopeBase.extend({ type: z.literal("customer.redact"), data: CustomerRedactData }),
  EnvelopeBase.extend({ type: z.literal("customer.data_request"), data: CustomerDataRequestData }),
  EnvelopeBase.extend({ type: z.literal("shop.redact"), data: ShopRedactData }),
  EnvelopeBase.extend({ type: z.literal("app.uninstalled"), data: AppUninstalledData }),
  // System events (the scheduler's): customerId is always set.
  EnvelopeBase.extend({ type: z.literal("points.release"), data: ReleaseData }),
  EnvelopeBase.extend({ type: z.literal("points.expire"), data: ExpireData }),
  EnvelopeBase.extend({ type: z.literal("points.expiry_reminder"), data: ExpiryReminderData }),
  EnvelopeBase.extend({ type: z.literal("tier.period"), data: TierPeriodData }),
]);
export type EventEnvelope = z.infer<typeof EventEnvelope>;
export type OrderEvent = Extract<EventEnvelope, { data: OrderData }>;
export type SystemEvent = Extract<
  EventEnvelope,
  { type: "points.release" | "points.expire" | "points.expiry_reminder" | "tier.period" }
>;

/** Event id from shop + webhook id: stable across Shopify's redeliveries of one webhook. */
export function eventIdFor(shop: string, webhookId: string): string {
  return `evt_${createHash("sha256").update(`${shop}\n${webhookId}`).digest("base64url").slice(0, 27)}`;
}
