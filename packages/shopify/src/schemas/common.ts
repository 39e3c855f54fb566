import { BOUNDS, isShopCurrency, isShopifyId } from "@loyalty/core";
import { z } from "zod";

/**
 * Building blocks for Shopify REST payloads (API 2026-10). Shopify adds fields in every API
 * version and we must never reject a webhook for that: every object schema accepts unknown
 * keys. They are `z.object` (unknown keys accepted and dropped), not `z.looseObject` (unknown
 * keys accepted and copied): an order carries ~60 top-level and ~25 per-line-item fields we
 * never read, and copying each through zod's catchall made the order parse about twice as
 * slow on the ingest hot path, for output nobody uses.
 */

/**
 * Shopify ids arrive as JSON numbers (strings in some payloads); we keep them as opaque
 * strings. Ids past 2^53 reach us as strings of their exact digits (parseShopifyJson); a
 * number that is not a safe integer was rounded by a plain JSON.parse somewhere and would
 * name the wrong record, so `z.int()` still refuses it.
 */
export const ShopifyId = z
  // Number first: a union stops at the first branch that fits, and REST ids are numbers.
  .union([z.int().nonnegative(), z.string().trim().min(1)])
  .transform((id) => String(id))
  // Ids are primary-key text: bounded digits keep them inside a btree row (a 100 KB "id" is
  // Postgres error 54000) and free of NUL; a 64-bit integer has at most 20 digits.
  .refine(isShopifyId, { error: `expected a Shopify id: 1 to ${BOUNDS.maxShopifyIdDigits} digits` });

export const OptionalId = ShopifyId.nullish().transform((id) => id ?? null);

/** Shopify sends `null` for unset text fields, and older versions omit some of them. */
export const OptionalText = z
  .string()
  .nullish()
  .transform((text) => text ?? null);

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/**
 * A money amount as Shopify's decimal string ("150.50"). Refund line items send JSON numbers
 * (`"subtotal": 15.25`): `String()` gives back the shortest decimal that round-trips, which is
 * what Shopify wrote, so no float arithmetic ever happens on it.
 */
export const ShopifyDecimal = z
  .union([z.string().trim().regex(DECIMAL, { error: "expected a decimal amount" }), z.number()])
  .transform((amount) => (typeof amount === "number" ? String(amount) : amount));

export const CurrencyCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, { error: "expected an ISO 4217 currency code" })
  .transform((code) => code.toUpperCase())
  .refine(isShopCurrency, { error: "expected an ISO 4217 currency code" });

/** A line item or refund quantity: a count, bounded (BOUNDS.maxQuantity). */
export const Quantity = z.int().nonnegative().max(BOUNDS.maxQuantity);

/** `*_set` money: we read only `shop_money`, never `presentment_money` (the buyer's currency). */
export const ShopMoneySet = z.object({
  shop_money: z.object({ amount: ShopifyDecimal, currency_code: CurrencyCode }),
});
export type ShopMoneySet = z.infer<typeof ShopMoneySet>;

/** REST tags are one comma-separated string ("vip, newsletter"); accept an array too. */
export const ShopifyTags = z
  .union([z.string(), z.array(z.string())])
  .nullish()
  .transform((tags) => {
    if (tags === null || tags === undefined) return [];
    const list = typeof tags === "string" ? tags.split(",") : tags;
    const result: string[] = [];
    for (const tag of list) {
      const trimmed = tag.trim();
      if (trimmed.length > 0) result.push(trimmed);
    }
    return result;
  });

/** An optional array; `null` and absent both mean empty. */
export function optionalArray<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .nullish()
    .transform((items) => items ?? []);
}
