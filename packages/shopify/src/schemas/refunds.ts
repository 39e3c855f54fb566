import { z } from "zod";
import {
  CurrencyCode,
  OptionalId,
  OptionalText,
  optionalArray,
  Quantity,
  ShopifyDecimal,
  ShopifyId,
  ShopMoneySet,
} from "./common.ts";

export const RefundLineItemPayload = z.object({
  id: OptionalId,
  line_item_id: OptionalId,
  quantity: Quantity.nullish(),
  /** JSON number in the shop currency; `subtotal_set.shop_money` says the same with its currency. */
  subtotal: ShopifyDecimal.nullish(),
  subtotal_set: ShopMoneySet.nullish(),
});
export type RefundLineItemPayload = z.infer<typeof RefundLineItemPayload>;

export const RefundTransactionPayload = z.object({
  kind: OptionalText,
  status: OptionalText,
  /** The transaction's own currency (`currency`), which is the buyer's when they differ. */
  amount: ShopifyDecimal.nullish(),
  currency: CurrencyCode.nullish(),
  /** Present in newer payloads: the same amount in the shop currency, preferred when sent. */
  amount_set: ShopMoneySet.nullish(),
});
export type RefundTransactionPayload = z.infer<typeof RefundTransactionPayload>;

/** `refunds/create`: names its order by `order_id` only, never the customer. */
export const RefundPayload = z.object({
  id: ShopifyId,
  order_id: ShopifyId,
  created_at: OptionalText,
  processed_at: OptionalText,
  refund_line_items: optionalArray(RefundLineItemPayload),
  transactions: optionalArray(RefundTransactionPayload),
});
export type RefundPayload = z.infer<typeof RefundPayload>;
