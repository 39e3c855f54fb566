import { LoyaltyError } from "@loyalty/core";
import { STREAM_ERROR_CODES } from "../errors.ts";

export type ErrorClass = "transient" | "permanent";

export const RELIABILITY_ERROR_CODES = {
  /** The infrastructure failed, not the event: back off and try the same entry again. */
  transient: "transient_failure",
  /** This event cannot be processed now: schedule a retry, dead-letter it after maxAttempts. */
  permanent: "permanent_event_failure",
  /** A Redis reply had a shape we did not expect (a server version we do not support). */
  unexpectedReply: "unexpected_redis_reply",
  /** An operator passed a dead-letter id that is not `<partition>-<streamId>`. */
  invalidDeadLetterId: "invalid_dead_letter_id",
} as const;

/** Wrap an error in this to say "retry the same entry after a pause; it is not the event's fault". */
export class TransientError extends LoyaltyError {
  constructor(message: string, options?: ErrorOptions & { details?: unknown[] }) {
    super(RELIABILITY_ERROR_CODES.transient, message, options?.details ?? [], options);
    this.name = "TransientError";
  }
}

/** Wrap an error in this to say "this event failed; retrying the loop at once will not help". */
export class PermanentEventError extends LoyaltyError {
  constructor(message: string, options?: ErrorOptions & { details?: unknown[] }) {
    super(RELIABILITY_ERROR_CODES.permanent, message, options?.details ?? [], options);
    this.name = "PermanentEventError";
  }
}

/**
 * Node socket errors: the peer (Redis or Postgres) was not reached or the connection broke
 * mid-command. Nothing about the event is implied, and both our writes are idempotent
 * (processed_events PK, XACK after commit), so running the same entry again is safe.
 * EAI_AGAIN is a temporary DNS failure (a Kubernetes service name not resolvable for a moment).
 */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * postgres.js raises these (as `code`) when its connection closes, ends or cannot be opened in
 * time. The transaction either never started or was rolled back by the server with the
 * connection, so a retry cannot double-apply anything.
 */
const POSTGRES_JS_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/**
 * SQLSTATEs after which the server rolled the whole transaction back and says trying again
 * may succeed: 40001 serialization_failure and 40P01 deadlock_detected (a concurrent
 * transaction won; PostgreSQL's docs tell clients to retry), 57P01/57P02/57P03 (admin or
 * crash shutdown, server starting: a restart or failover), 53300 too_many_connections (the
 * pool is full for now). Class 08 (connection exception) is matched by prefix below.
 * Deliberately absent: 57014 query_canceled — a statement timeout may be caused by this very
 * event, and a transient verdict would retry it forever instead of dead-lettering it.
 */
const RETRYABLE_SQLSTATES = new Set(["40001", "40P01", "57P01", "57P02", "57P03", "53300"]);

/**
 * Redis replies meaning "not now": failover or resharding in progress, dataset still loading,
 * a busy script. Kept in line with `isTransientRedisError` in ../errors.ts, which we cannot call
 * here because it treats every non-reply error as a Redis connection failure.
 */
const REDIS_TRANSIENT_REPLIES = [
  "READONLY",
  "LOADING",
  "CLUSTERDOWN",
  "TRYAGAIN",
  "MASTERDOWN",
  "BUSY",
  "OOM",
  "NOREPLICAS",
];

/** ioredis errors without a code that all mean "the command never got an answer". */
const IOREDIS_NO_ANSWER = ["Connection is closed", "Stream isn't writeable", "Command timed out"];

/**
 * Transient = the database or Redis is unreachable or asked us to try again: do not ack, back
 * off the loop, never dead-letter (an outage must not empty the stream into the DLQ).
 * Everything else is permanent for this event: ack, schedule a retry, dead-letter after
 * maxAttempts. The cause chain is followed because drizzle and our own wrappers re-throw
 * driver errors as `cause`; an explicit TransientError / PermanentEventError wins.
 */
export function classifyError(error: unknown): ErrorClass {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 32) {
    const current = queue.shift();
    if (seen.has(current)) continue;
    seen.add(current);
    if (current instanceof PermanentEventError) return "permanent";
    if (current instanceof TransientError || isTransientShape(current)) return "transient";
    if (typeof current !== "object" || current === null) continue;
    if ("cause" in current) queue.push(current.cause);
    // Node's happy-eyeballs connect and AggregateError put the socket errors in `errors`.
    if ("errors" in current && Array.isArray(current.errors)) queue.push(...current.errors);
  }
  return "permanent";
}

function isTransientShape(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = "code" in error && typeof error.code === "string" ? error.code : undefined;
  const name = "name" in error && typeof error.name === "string" ? error.name : undefined;
  const message = "message" in error && typeof error.message === "string" ? error.message : "";
  if (code !== undefined) {
    if (NETWORK_CODES.has(code) || POSTGRES_JS_CODES.has(code) || RETRYABLE_SQLSTATES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
    if (code === STREAM_ERROR_CODES.redisUnavailable) return true;
  }
  // ioredis gives up on a command after maxRetriesPerRequest reconnects: Redis is down.
  if (name === "MaxRetriesPerRequestError") return true;
  if (name === "ReplyError") return REDIS_TRANSIENT_REPLIES.some((prefix) => message.startsWith(prefix));
  return IOREDIS_NO_ANSWER.some((text) => message.startsWith(text));
}

/** The `{ code, message }` recorded with a retry or dead letter. */
export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof LoyaltyError) return { code: error.code, message: error.message };
  if (error instanceof Error) {
    const code = "code" in error && typeof error.code === "string" ? error.code : error.name;
    return { code, message: error.message };
  }
  return { code: "unknown_error", message: String(error) };
}
