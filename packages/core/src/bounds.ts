import { codes as iso4217Codes } from "currency-codes";

/**
 * What storage, the ledger and the APIs can keep, in one place. Ingest refuses (400) anything
 * outside these bounds, so a webhook answered 200 is one the processor can apply; rules
 * validation and the ledger check the same numbers. docs/security.md explains each choice.
 */
export const BOUNDS = {
  /**
   * Balances, lifetime points, any single ledger delta and reward costs: GraphQL's `Int`
   * (signed 32-bit), which the storefront schema uses for every points figure. Kept as the
   * bound rather than widening the scalar: storefront themes and Shopify Functions read these
   * as plain numbers, and 2.1 billion points is far past any real programme (a customer at one
   * point per dollar would have spent $2.1 billion).
   */
  maxPoints: 2_147_483_647,
  /** Points one event may award across all its rules; the ledger caps an award at this. */
  maxPointsPerEvent: 10_000_000,
  /**
   * Any money amount (price, subtotal, total, refund) in minor units: 10^12, i.e. 10 billion
   * in a two-decimal currency. Non-negative. Far below 2^53, so sums over thousands of such
   * orders (total spent) stay exact.
   */
  maxMoneyMinor: 1_000_000_000_000,
  /** A line item's quantity. */
  maxQuantity: 1_000_000,
  /** Shopify ids are unsigned 64-bit integers: at most 20 decimal digits. */
  maxShopifyIdDigits: 20,
  /** X-Shopify-Webhook-Id / X-Shopify-Event-Id: Shopify sends UUIDs; stored and used in Redis keys. */
  maxHeaderIdLength: 128,
} as const;

const SHOPIFY_ID = new RegExp(`^[0-9]{1,${BOUNDS.maxShopifyIdDigits}}$`);
const HEADER_ID = new RegExp(`^[A-Za-z0-9._:-]{1,${BOUNDS.maxHeaderIdLength}}$`);

/** A Shopify id as we keep it: 1 to 20 digits (the string of a 64-bit unsigned integer). */
export function isShopifyId(text: string): boolean {
  return SHOPIFY_ID.test(text);
}

/** A webhook or event id header: UUID-like, bounded, no spaces, braces or control characters. */
export function isHeaderId(text: string): boolean {
  return HEADER_ID.test(text);
}

/**
 * Codes that are not money a shop can sell in: precious metals, bond-market units, the SDR,
 * fund codes, and the testing and "no currency" codes.
 */
const NOT_SHOP_CURRENCIES = new Set([
  "XAG",
  "XAU",
  "XPD",
  "XPT",
  "XBA",
  "XBB",
  "XBC",
  "XBD",
  "XDR",
  "XSU",
  "XUA",
  "XTS",
  "XXX",
]);

/** ISO 4217 (the currency-codes package tracks the ISO list), less the non-money codes. */
const SHOP_CURRENCIES: ReadonlySet<string> = new Set(
  iso4217Codes().filter((code) => !NOT_SHOP_CURRENCIES.has(code)),
);

/** An ISO 4217 code a shop can use (upper case expected). */
export function isShopCurrency(code: string): boolean {
  return SHOP_CURRENCIES.has(code);
}

/** Points a balance, lifetime total or single delta may hold: |n| ≤ maxPoints, integer. */
export function isStorablePoints(points: number): boolean {
  return Number.isInteger(points) && Math.abs(points) <= BOUNDS.maxPoints;
}

/** A money amount in minor units within [0, maxMoneyMinor]. */
export function isStorableMoneyMinor(minor: number): boolean {
  return Number.isInteger(minor) && minor >= 0 && minor <= BOUNDS.maxMoneyMinor;
}

/**
 * Text Postgres cannot store: NUL (text and jsonb refuse U+0000, error 22021/22P05) and lone
 * UTF-16 surrogates (jsonb refuses their `\uD800` escapes; text would turn them into U+FFFD,
 * silently changing what we were sent).
 */
export function isStorableText(text: string): boolean {
  return !text.includes("\u0000") && !LONE_SURROGATE.test(text);
}
// With the u flag, a surrogate pair is one code point; only a lone surrogate is category Cs.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The path of the first string (key or value) in a JSON value that Postgres cannot store, or
 * null. Walks the whole value: call it only when the raw text may hold one (mayHoldUnstorableText).
 */
export function findUnstorableText(
  value: unknown,
  path: (string | number)[] = [],
): (string | number)[] | null {
  if (typeof value === "string") return isStorableText(value) ? null : path;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findUnstorableText(value[index], [...path, index]);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (!isStorableText(key)) return [...path, key];
      const found = findUnstorableText(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/**
 * In JSON text a NUL or a lone surrogate can only be written as a `\u` escape (raw control
 * characters are invalid JSON; invalid UTF-8 bytes decode to U+FFFD): a body without such an
 * escape needs no walk. Costs one scan of the text, on the hot path.
 */
const SUSPECT_ESCAPE = /\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})/;
export function mayHoldUnstorableText(json: string): boolean {
  return SUSPECT_ESCAPE.test(json);
}
