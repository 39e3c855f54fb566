import { createHash } from "node:crypto";
import { z } from "zod";

/**
 * Events the scheduler appends (DESIGN.md "Time-driven work"): due work found in Postgres,
 * applied by the processor through the same ledger transaction as webhooks. Not Shopify
 * topics, so not in EventType (whose every member has a webhook mapper) nor rule triggers.
 */
export const SystemEventType = z.enum([
  "points.release",
  "points.expire",
  "points.expiry_reminder",
  "tier.period",
]);
export type SystemEventType = z.infer<typeof SystemEventType>;

const Id = z.string().min(1);
const Instant = z.iso.datetime({ offset: true });

/** An order's pending points are due (`days` mode). */
export const ReleaseData = z.object({ orderId: Id, dueAt: Instant });
export type ReleaseData = z.infer<typeof ReleaseData>;

/** A lot reached its expiry (`fixed`), or the customer's inactivity deadline passed. */
export const ExpireData = z.object({
  reason: z.enum(["fixed", "inactivity"]),
  /** The lot (`fixed`); null for inactivity. */
  lotKey: Id.nullable(),
  dueAt: Instant,
});
export type ExpireData = z.infer<typeof ExpireData>;

/** A lot's next `points.expiring` reminder is due. */
export const ExpiryReminderData = z.object({ lotKey: Id, dueAt: Instant });
export type ExpiryReminderData = z.infer<typeof ExpiryReminderData>;

/** The customer's tier period turned (calendar year end, a month leaving a rolling window). */
export const TierPeriodData = z.object({ dueAt: Instant });
export type TierPeriodData = z.infer<typeof TierPeriodData>;

/**
 * The id of a system event, from what it is about (shop, type, subject, due time): the same
 * due work found by two schedulers, or again after a crash, is one event (processed_events).
 */
export function systemEventId(shop: string, type: SystemEventType, subject: string, dueAt: string): string {
  const digest = createHash("sha256").update(`${shop}\n${type}\n${subject}\n${dueAt}`).digest("base64url");
  return `sys_${digest.slice(0, 27)}`;
}
