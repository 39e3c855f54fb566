import { fnv1a32, LoyaltyError } from "@loyalty/core";
import { z } from "zod";
import { ENVELOPE_FIELD, fieldValue, issueDetails } from "../entry-codec.ts";
import { STREAM_ERROR_CODES } from "../errors.ts";

/**
 * One outbound webhook to one endpoint: the value of the `e` field of a `loyalty:webhooks:{p}`
 * entry. No secret travels with it — the dispatcher reads the endpoint's current secret from
 * Postgres when it sends — so Redis (and its DLQ, dumps and replicas) never holds one.
 */
export const WebhookDelivery = z.object({
  /** Stable across attempts and re-relays: `X-Loyalty-Delivery-Id`, receivers dedupe on it. */
  deliveryId: z.string().min(1).max(200),
  endpointId: z.string().min(1).max(100),
  shop: z.string().min(1),
  /** Where it was subscribed when relayed (the dispatcher posts to the endpoint's current URL). */
  url: z.string().min(1),
  /** Outbound event type (`points.awarded`, `tier.changed`, `custom`, …). */
  type: z.string().min(1),
  /** Sent to the receiver as `data`. */
  payload: z.record(z.string(), z.unknown()),
  /** Attempts already made (0 on the first); the retry lane adds one per scheduled retry. */
  attempt: z.number().int().min(0),
  /** ISO-8601: when the change that caused it committed. */
  createdAt: z.iso.datetime({ offset: true }),
  /**
   * Times it was put back because its endpoint had no free slot. Not an attempt: nothing was
   * sent. Grows the put-back delay so a backlog behind a hanging endpoint does not spin.
   */
  deferrals: z.number().int().min(0).default(0),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export type DecodedDelivery = { ok: true; delivery: WebhookDelivery } | { ok: false; error: LoyaltyError };

/** Never throws: a bad entry is a fact about that entry (dead-letter it), not a reader failure. */
export function decodeDeliveryEntry(fields: readonly string[] | null): DecodedDelivery {
  if (fields === null)
    return {
      ok: false,
      error: invalid(STREAM_ERROR_CODES.entryDeleted, "The entry was deleted from the stream"),
    };
  const raw = fieldValue(fields, ENVELOPE_FIELD);
  if (raw === undefined)
    return { ok: false, error: invalid("invalid_delivery", `The entry has no "${ENVELOPE_FIELD}" field`) };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, error: invalid("invalid_delivery", `The entry is not valid JSON: ${reason}`) };
  }
  const parsed = WebhookDelivery.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      error: invalid("invalid_delivery", "The entry fails the delivery schema", issueDetails(parsed.error)),
    };
  return { ok: true, delivery: parsed.data };
}

/**
 * The stream partition of a stored core `partitionKey` (the outbox keeps the key, not the
 * number, so P can change between the ledger write and the relay). Same hash as the events:
 * one customer's webhooks stay in one partition, in relay order.
 */
export function partitionOfKey(partitionKey: string, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1)
    throw new RangeError(`partitions must be a positive integer, got ${partitions}`);
  return fnv1a32(partitionKey) % partitions;
}

function invalid(code: string, message: string, details: unknown[] = []): LoyaltyError {
  return new LoyaltyError(code, message, details);
}
