import type { DeliveryOutcome } from "@loyalty/db";
import type { FailureReason } from "@loyalty/streams";
import type { SendResult } from "./http-sender.ts";

export interface Verdict {
  outcome: DeliveryOutcome;
  /** What to do with the entry: ack, schedule the next attempt, or dead-letter it. */
  next: "ack" | "retry" | "dead_letter";
  statusCode: number | null;
  /** Null when delivered. */
  reason: FailureReason | null;
}

/**
 * 2xx = delivered. 410 Gone = the receiver says this URL is gone for good: dead-lettered at
 * once, no more retries of this delivery. We do not delete or disable the endpoint on our own —
 * a misrouted proxy can answer 410 for a moment, and silently unsubscribing would lose every
 * later webhook; the merchant sees the dead letters and deletes the endpoint. Anything else —
 * 3xx, 4xx, 5xx, timeouts, refused connections — is retried until `attempt` reaches maxAttempts.
 */
export function judge(result: SendResult, attempt: number, maxAttempts: number): Verdict {
  if (result.kind === "response" && result.statusCode >= 200 && result.statusCode < 300)
    return { outcome: "delivered", next: "ack", statusCode: result.statusCode, reason: null };
  const statusCode = result.kind === "response" ? result.statusCode : null;
  if (statusCode === 410)
    return {
      outcome: "dead_lettered",
      next: "dead_letter",
      statusCode,
      reason: { code: "endpoint_gone", message: "the endpoint answered 410 Gone" },
    };
  const reason: FailureReason =
    result.kind === "response"
      ? { code: `http_${result.statusCode}`, message: `the endpoint answered ${result.statusCode}` }
      : { code: result.code, message: result.message };
  return attempt >= maxAttempts
    ? { outcome: "dead_lettered", next: "dead_letter", statusCode, reason }
    : { outcome: "failed", next: "retry", statusCode, reason };
}
