import { LoyaltyError } from "@loyalty/core";

/** Codes of the errors this package raises; callers branch on them, never on messages. */
export const STREAM_ERROR_CODES = {
  /** Redis could not be reached or is temporarily refusing work: retry later (ingest answers 503). */
  redisUnavailable: "redis_unavailable",
  /** Redis answered with an error that retrying will not fix (wrong key type, bad script). */
  redisError: "redis_error",
  /** A stream entry whose content is not a valid envelope: dead-letter it. */
  invalidEnvelope: "invalid_envelope",
  /** A pending entry that was deleted or trimmed from the stream: ack it, there is nothing to do. */
  entryDeleted: "entry_deleted",
} as const;

/**
 * Server replies that a later attempt can get past: failover in progress (READONLY, MASTERDOWN,
 * CLUSTERDOWN, TRYAGAIN), a server still loading its dataset, a busy script, or memory full
 * under `noeviction` (OOM) — none of them says anything about the event itself.
 */
const TRANSIENT_REPLY_PREFIXES = [
  "READONLY",
  "LOADING",
  "CLUSTERDOWN",
  "TRYAGAIN",
  "MASTERDOWN",
  "BUSY",
  "OOM",
  "NOREPLICAS",
];

/**
 * ioredis raises `ReplyError` for errors the server sent; everything else (connection closed,
 * "Stream isn't writeable", "Command timed out", MaxRetriesPerRequestError) means we never
 * got an answer, which is transient by nature.
 */
export function isTransientRedisError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name !== "ReplyError") return true;
  return TRANSIENT_REPLY_PREFIXES.some((prefix) => error.message.startsWith(prefix));
}

/** Wraps an error thrown by an ioredis call into a typed error, keeping the original as `cause`. */
export function redisFailure(error: unknown, action: string): LoyaltyError {
  if (error instanceof LoyaltyError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return isTransientRedisError(error)
    ? new LoyaltyError(
        STREAM_ERROR_CODES.redisUnavailable,
        `Redis unavailable while ${action}: ${reason}`,
        [],
        {
          cause: error,
        },
      )
    : new LoyaltyError(STREAM_ERROR_CODES.redisError, `Redis refused ${action}: ${reason}`, [], {
        cause: error,
      });
}
