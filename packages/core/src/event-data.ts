import { z } from "zod";

/**
 * The normalised `data` of each event type. Amounts are integer minor units of the shop
 * currency (`*Minor`); Shopify ids are strings (they are opaque to us and may outgrow 2^53).
 */
const MinorUnits = z.number().int().refine(Number.isSafeInteger, "not a safe integer");
const Id = z.string().min(1);

export const CustomerProfile = z.object({
  id: Id,
  email: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  phone: z.string().nullable(),
  tags: z.array(z.string()),
});
export type CustomerProfile = z.infer<typeof CustomerProfile>;

export const LineItem = z.object({
  id: Id,
  sku: z.string().nullable(),
  productId: z.string().nullable(),
  variantId: z.string().nullable(),
  title: z.string().nullable(),
  quantity: z.number().int(),
  priceMinor: MinorUnits,
});
export type LineItem = z.infer<typeof LineItem>;

export const OrderData = z.object({
  orderId: Id,
  name: z.string().nullable(),
  currency: z.string().length(3),
  totalMinor: MinorUnits,
  subtotalMinor: MinorUnits,
  lineItems: z.array(LineItem),
  discountCodes: z.array(z.string()),
  tags: z.array(z.string()),
  financialStatus: z.string().nullable(),
  sourceName: z.string().nullable(),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
  customer: CustomerProfile.nullable(),
});
export type OrderData = z.infer<typeof OrderData>;

export const RefundData = z.object({
  refundId: Id,
  orderId: Id,
  currency: z.string().length(3).nullable(),
  /** Σ refund_line_items[].subtotal, or Σ refund transactions when there are no line items. */
  refundedSubtotalMinor: MinorUnits,
  createdAt: z.string(),
});
export type RefundData = z.infer<typeof RefundData>;

export const CustomerData = CustomerProfile.extend({
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type CustomerData = z.infer<typeof CustomerData>;

export const CustomerRedactData = z.object({ customerId: Id, ordersToRedact: z.array(Id) });
export type CustomerRedactData = z.infer<typeof CustomerRedactData>;

export const CustomerDataRequestData = z.object({
  customerId: Id,
  ordersRequested: z.array(Id),
  dataRequestId: z.string().nullable(),
});
export type CustomerDataRequestData = z.infer<typeof CustomerDataRequestData>;

export const ShopRedactData = z.object({ shopId: z.string().nullable(), shopDomain: z.string() });
export type ShopRedactData = z.infer<typeof ShopRedactData>;

export const AppUninstalledData = z.object({
  shopId: z.string().nullable(),
  shopDomain: z.string().nullable(),
});
export type AppUninstalledData = z.infer<typeof AppUninstalledData>;
