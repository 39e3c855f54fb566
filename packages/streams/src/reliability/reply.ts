import { LoyaltyError } from "@loyalty/core";
import { redisFailure } from "../errors.ts";
import { RELIABILITY_ERROR_CODES } from "./errors.ts";

/**
 * ioredis types most stream replies as `unknown`; these narrow them and fail loudly (typed
 * error) on a shape we do not know, rather than mis-reading it.
 */
function unexpected(what: string, reply: unknown): LoyaltyError {
  return new LoyaltyError(RELIABILITY_ERROR_CODES.unexpectedReply, `Unexpected Redis reply to ${what}`, [
    { reply: JSON.stringify(reply)?.slice(0, 500) ?? String(reply) },
  ]);
}

export function asArray(reply: unknown, what: string): unknown[] {
  if (!Array.isArray(reply)) throw unexpected(what, reply);
  return reply;
}

export function asString(reply: unknown, what: string): string {
  if (typeof reply === "string") return reply;
  if (Buffer.isBuffer(reply)) return reply.toString("utf8");
  throw unexpected(what, reply);
}

export function asInteger(reply: unknown, what: string): number {
  if (typeof reply === "number" && Number.isInteger(reply)) return reply;
  if (typeof reply === "string" && /^-?\d+$/.test(reply)) return Number(reply);
  throw unexpected(what, reply);
}

/** A RESP2 map (`[name, value, name, value, …]`, as XINFO answers) as a Map. */
export function asMap(reply: unknown, what: string): Map<string, unknown> {
  const flat = asArray(reply, what);
  const map = new Map<string, unknown>();
  for (let i = 0; i + 1 < flat.length; i += 2) map.set(asString(flat[i], what), flat[i + 1]);
  return map;
}

/** A stream entry's field list, or null for an entry deleted while pending. */
function asFields(reply: unknown, what: string): string[] | null {
  if (reply === null) return null;
  return asArray(reply, what).map((value) => asString(value, what));
}

/** `[id, fields]` pairs as XRANGE / XAUTOCLAIM answer them. */
export function asEntries(reply: unknown, what: string): Array<{ id: string; fields: string[] | null }> {
  return asArray(reply, what).map((raw) => {
    const pair = asArray(raw, what);
    return { id: asString(pair[0], what), fields: asFields(pair[1] ?? null, what) };
  });
}

/** Runs one Redis call, turning its failure into the package's typed Redis errors. */
export async function redisCall<T>(action: string, command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    throw redisFailure(error, action);
  }
}

/** The values of a MULTI/pipeline `exec()`, throwing the first command error it carries. */
export function execValues(replies: Array<[Error | null, unknown]> | null, action: string): unknown[] {
  if (replies === null) throw redisFailure(new Error("the transaction was aborted"), action);
  return replies.map(([error, value]) => {
    if (error) throw redisFailure(error, action);
    return value;
  });
}
