import type { StreamKeys } from "@loyalty/streams";
import type { Redis } from "ioredis";
import { SHOP_A } from "./query-app.ts";

/** A valid envelope (customer.redact: the smallest payload) for dead-letter fixtures. */
export function redactEnvelope(id: string) {
  return {
    id,
    type: "customer.redact",
    shop: SHOP_A,
    customerId: "c-1",
    orderId: null,
    webhookId: `wh-${id}`,
    occurredAt: "2026-05-04T10:00:00Z",
    receivedAt: "2026-05-04T10:00:01Z",
    requestId: "req-1",
    attempt: 7,
    data: { customerId: "c-1", ordersToRedact: [] },
  };
}

/**
 * Writes a dead letter the way the retry scheduler lays it out (DEAD_LETTER_FIELDS), straight
 * with XADD: these tests are about the ops API, not about how events die.
 */
export async function addDeadLetter(
  redis: Redis,
  keys: StreamKeys,
  partition: number,
  payload: string,
): Promise<string> {
  const streamId = await redis.xadd(
    keys.dlq(partition),
    "*",
    "e",
    payload,
    "errorCode",
    "rule_failed",
    "errorMessage",
    "rule threw",
    "attempts",
    "8",
    "originalId",
    "1767268800000-0",
    "originalStream",
    keys.events(partition),
    "firstFailureAt",
    "2026-05-04T10:00:00.000Z",
    "lastFailureAt",
    "2026-05-04T11:00:00.000Z",
  );
  return `${partition}-${streamId}`;
}
