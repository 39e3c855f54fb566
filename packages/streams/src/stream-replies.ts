import { LoyaltyError } from "@loyalty/core";
import { z } from "zod";
import { STREAM_ERROR_CODES } from "./errors.ts";

/**
 * XREAD/XREADGROUP reply: per stream, its entries as `[id, [field, value, …]]`. The fields are
 * nil for a pending entry that was deleted or trimmed since it was delivered. The whole reply is
 * nil when a BLOCK timed out. ioredis types it as `unknown[]`, so it is checked here once.
 */
export const XReadReply = z
  .array(z.tuple([z.string(), z.array(z.tuple([z.string(), z.array(z.string()).nullable()]))]))
  .nullable();
export type XReadReply = z.infer<typeof XReadReply>;

/** XPENDING extended form: `[id, consumer, idle ms, delivery count]` per entry. */
export const XPendingReply = z.array(z.tuple([z.string(), z.string(), z.number(), z.number()]));
export type XPendingReply = z.infer<typeof XPendingReply>;

export function parseReply<T>(schema: z.ZodType<T>, reply: unknown, command: string): T {
  const parsed = schema.safeParse(reply);
  if (parsed.success) return parsed.data;
  throw new LoyaltyError(STREAM_ERROR_CODES.redisError, `Unexpected ${command} reply from Redis`, [
    { issues: parsed.error.issues.slice(0, 3).map((issue) => issue.message) },
  ]);
}
