import { EventEnvelope, LoyaltyError } from "@loyalty/core";
import type { z } from "zod";
import { STREAM_ERROR_CODES } from "./errors.ts";

/**
 * Stream entry layout: exactly one field, `e`, whose value is the envelope as JSON.
 *
 *   XADD loyalty:events:{7} * e '{"id":"evt_…","type":"order.paid","shop":"…",…}'
 *
 * One field keeps reading cheap (one lookup, one JSON.parse, no field-by-field rebuilding of
 * numbers and nulls) and lets the envelope grow without changing the stream format: the
 * schema version lives in the envelope, not in Redis.
 */
export const ENVELOPE_FIELD = "e";

export type DecodedEntry = { ok: true; envelope: EventEnvelope } | { ok: false; error: LoyaltyError };

/** A zod issue as it appears in error details: the dotted path and what was wrong there. */
export interface IssueDetail {
  path: string;
  message: string;
}

export function issueDetails(error: z.ZodError): IssueDetail[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

/** The envelope as the schema normalises it (e.g. a lowercased shop); throws `invalid_envelope`. */
export function validateEnvelope(envelope: unknown): EventEnvelope {
  const parsed = EventEnvelope.safeParse(envelope);
  if (!parsed.success) throw invalidEnvelope("The envelope fails its schema", issueDetails(parsed.error));
  return parsed.data;
}

/** Validates and serialises an envelope; throws `invalid_envelope` rather than write garbage. */
export function encodeEnvelope(envelope: EventEnvelope): string {
  return JSON.stringify(validateEnvelope(envelope));
}

/**
 * Turns the flat `[field, value, …]` array of a stream entry back into an envelope. Never
 * throws: a bad entry is a fact about that entry (dead-letter it), not a failure of the reader.
 * `null` fields are what XREADGROUP returns for a pending entry that was deleted or trimmed.
 */
export function decodeEntry(fields: string[] | null): DecodedEntry {
  if (fields === null) {
    return {
      ok: false,
      error: new LoyaltyError(STREAM_ERROR_CODES.entryDeleted, "The entry was deleted from the stream"),
    };
  }
  const raw = fieldValue(fields, ENVELOPE_FIELD);
  if (raw === undefined) {
    return { ok: false, error: invalidEnvelope(`The entry has no "${ENVELOPE_FIELD}" field`, [{ fields }]) };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, error: invalidEnvelope(`The entry is not valid JSON: ${reason}`, []) };
  }
  const parsed = EventEnvelope.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      error: invalidEnvelope("The entry fails the envelope schema", issueDetails(parsed.error)),
    };
  }
  return { ok: true, envelope: parsed.data };
}

/** The value of one field in a flat `[field, value, …]` array. */
export function fieldValue(fields: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === name) return fields[i + 1];
  }
  return undefined;
}

function invalidEnvelope(message: string, details: unknown[]): LoyaltyError {
  return new LoyaltyError(STREAM_ERROR_CODES.invalidEnvelope, message, details);
}
