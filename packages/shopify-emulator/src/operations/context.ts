import type { EmulatorState, ShopState } from "../shop-state.ts";

/** What every resolver gets: the shop the request is for, and the emulator's clock. */
export interface ResolverContext {
  state: EmulatorState;
  shop: ShopState;
  now: () => Date;
}

/** Shopify's `UserError` shape (DiscountUserError, StoreCreditAccountCreditUserError, …). */
export interface UserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

export type Args = Record<string, unknown>;

export function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

/** Shopify answers `Decimal` as a string with at least one decimal place ("5.0"). */
export function decimalString(value: unknown): string {
  const n = Number(value);
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

export function money(amount: unknown, currencyCode: string) {
  return { amount: decimalString(amount), currencyCode };
}
