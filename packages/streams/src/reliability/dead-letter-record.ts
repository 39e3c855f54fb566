import type { EventEnvelope } from "@loyalty/core";
import { decodeEntry, ENVELOPE_FIELD, fieldValue } from "../entry-codec.ts";
import { formatDeadLetterId } from "./dead-letter-id.ts";

/** A dead letter as operators see it (`loyalty dlq list|show`, `/v1/ops`). */
export interface DeadLetter {
  /** `<partition>-<streamId>`: what show/replay/purge take. */
  id: string;
  partition: number;
  streamId: string;
  /** The payload exactly as stored (JSON text, or whatever an invalid entry carried). */
  payload: string;
  /** The payload as an event envelope, or null when it is not a valid one (or not an event). */
  envelope: EventEnvelope | null;
  errorCode: string;
  errorMessage: string;
  attempts: number;
  /** The stream entry id the event had when it was dead-lettered. */
  originalId: string;
  originalStream: string;
  /** ISO-8601. */
  firstFailureAt: string;
  lastFailureAt: string;
}

export function toDeadLetter(partition: number, streamId: string, fields: string[]): DeadLetter {
  const get = (name: string) => fieldValue(fields, name) ?? "";
  const decoded = decodeEntry(fields);
  const attempts = Number(get("attempts"));
  return {
    id: formatDeadLetterId(partition, streamId),
    partition,
    streamId,
    payload: fieldValue(fields, ENVELOPE_FIELD) ?? "",
    envelope: decoded.ok ? decoded.envelope : null,
    errorCode: get("errorCode"),
    errorMessage: get("errorMessage"),
    attempts: Number.isInteger(attempts) ? attempts : 0,
    originalId: get("originalId"),
    originalStream: get("originalStream"),
    firstFailureAt: get("firstFailureAt"),
    lastFailureAt: get("lastFailureAt"),
  };
}

/**
 * The payload to put back on the stream: the same JSON with `attempt` reset to 0, so the event
 * gets its full number of attempts again. A payload that is not a JSON object (an entry that
 * was dead-lettered for being unreadable) goes back verbatim: the operator may have deployed
 * a reader that accepts it.
 */
export function replayPayload(payload: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return payload;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return payload;
  return JSON.stringify({ ...parsed, attempt: 0 });
}
