import { LoyaltyError } from "@loyalty/core";

/** int8/numeric columns arrive as strings from postgres.js unless a parser says otherwise. */
export function toSafeInt(value: unknown, column = "value"): number {
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new LoyaltyError("not_a_safe_integer", `${column} is not a safe integer: ${String(value)}`, [
      { column, value: String(value) },
    ]);
  }
  return n;
}

/** Timestamps arrive as Date or (under drizzle's driver) as text; we carry ISO strings. */
export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(String(value)).toISOString();
}

export function toIsoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : toIso(value);
}
