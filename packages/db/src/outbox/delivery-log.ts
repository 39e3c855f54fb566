import type { Queryable } from "../db.ts";

/** `webhook_deliveries.outcome`: the same words as loyalty_webhook_deliveries_total{outcome}. */
export type DeliveryOutcome = "delivered" | "failed" | "dead_lettered";

export interface DeliveryAttempt {
  shop: string;
  endpointId: string;
  deliveryId: string;
  eventType: string;
  /** 1 for the first attempt. */
  attempt: number;
  outcome: DeliveryOutcome;
  /** HTTP status; null when there was no answer (timeout, refused, endpoint deleted). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  at: Date;
}

/** One row per attempt: the history an operator reads when a merchant says "we got nothing". */
export async function recordDeliveryAttempt(sql: Queryable, attempt: DeliveryAttempt): Promise<void> {
  await sql`
    INSERT INTO webhook_deliveries
      (shop, endpoint_id, delivery_id, event_type, attempt, outcome, status_code, error, duration_ms, created_at)
    VALUES (${attempt.shop}, ${attempt.endpointId}::uuid, ${attempt.deliveryId}, ${attempt.eventType},
      ${attempt.attempt}, ${attempt.outcome}, ${attempt.statusCode}, ${truncate(attempt.error)},
      ${Math.max(0, Math.round(attempt.durationMs))}, ${attempt.at.toISOString()}::timestamptz)`;
}

/**
 * True when an attempt of this delivery already succeeded. Lets the dispatcher skip the copy a
 * re-relay (crash between XADD and commit) or a takeover (crash between record and ack) brings
 * back, instead of posting it twice. One lookup on webhook_deliveries_delivery_idx.
 */
export async function wasDelivered(sql: Queryable, deliveryId: string): Promise<boolean> {
  const [row] = await sql<{ delivered: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM webhook_deliveries WHERE delivery_id = ${deliveryId} AND outcome = 'delivered'
    ) AS delivered`;
  return row?.delivered === true;
}

/** Error texts come from remote servers and libraries: bounded so one row stays small. */
function truncate(error: string | null): string | null {
  return error === null || error.length <= 1000 ? error : `${error.slice(0, 997)}...`;
}
