import { z } from "zod";
import {
  CurrencyCode,
  OptionalId,
  OptionalText,
  optionalArray,
  Quantity,
  ShopifyDecimal,
  ShopifyId,
  ShopifyTags,
} from "./common.ts";
import { CustomerPayload } from "./customers.ts";

export const OrderLineItemPayload = z.object({
  id: ShopifyId,
  sku: OptionalText,
  /** Null for custom line items that are not a product in the catalogue. */
  product_id: OptionalId,
  variant_id: OptionalId,
  title: OptionalText,
  quantity: Quantity,
  /** Quantity after removals and refunds; absent in older payloads. */
  current_quantity: Quantity.nullish(),
  /** Unit price in the shop currency (`price_set.shop_money`), not presentment money. */
  price: ShopifyDecimal,
});
export type OrderLineItemPayload = z.infer<typeof OrderLineItemPayload>;

/**
 * One schema for `orders/create`, `orders/paid`, `orders/cancelled` and `orders/fulfilled`.
 * Amounts are read in the shop currency (`currency`), never `presentment_currency`. Both the
 * `current_*` and the original amounts are accepted; the normaliser prefers `current_*`.
 */
export const OrderPayload = z.object({
  id: ShopifyId,
  name: OptionalText,
  currency: CurrencyCode,
  current_subtotal_price: ShopifyDecimal.nullish(),
  subtotal_price: ShopifyDecimal.nullish(),
  current_total_price: ShopifyDecimal.nullish(),
  total_price: ShopifyDecimal.nullish(),
  line_items: optionalArray(OrderLineItemPayload),
  discount_codes: optionalArray(z.object({ code: z.string() })),
  tags: ShopifyTags,
  financial_status: OptionalText,
  source_name: OptionalText,
  created_at: z.string().min(1),
  updated_at: OptionalText,
  cancelled_at: OptionalText,
  /** Null for guest checkouts. */
  customer: CustomerPayload.nullish().transform((customer) => customer ?? null),
});
export type OrderPayload = z.infer<typeof OrderPayload>;
