import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

/**
 * A caller's id is kept only when it is short and plain: it is echoed in a header, written
 * to every log line and into event envelopes, so it must not carry newlines, quotes or
 * unbounded length (log injection, header splitting, memory).
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** The incoming X-Request-ID when it is safe, else a fresh UUID. */
export function resolveRequestId(
  header: string | string[] | undefined,
  generate: () => string = randomUUID,
): string {
  return typeof header === "string" && SAFE_REQUEST_ID.test(header) ? header : generate();
}
