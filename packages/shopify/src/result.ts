import type { LoyaltyError } from "@loyalty/core";

/** Expected failures (bad input from outside) are values, not exceptions. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: LoyaltyError };
