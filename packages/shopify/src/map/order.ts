import type { LineItem, OrderData } from "@loyalty/core";
import { minorUnitsAt, PayloadIssueError } from "../issues.ts";
import type { OrderPayload } from "../schemas/orders.ts";
import { customerProfile } from "./customer.ts";

/**
 * Amounts are what the order is worth when the event happens: `current_subtotal_price` and
 * `current_total_price` (after edits, removals and refunds), falling back to the original
 * `subtotal_price`/`total_price` when a payload lacks them. For orders/create and orders/paid
 * both are equal; for a later orders/fulfilled they already net out refunds, which is why
 * clawback must use the subtotal of the order event that earned the points, not a later one.
 * Line item quantities follow the same choice (`current_quantity`, else `quantity`).
 */
export function orderData(order: OrderPayload): OrderData {
  const currency = order.currency;
  const subtotal = order.current_subtotal_price ?? order.subtotal_price;
  const total = order.current_total_price ?? order.total_price;
  if (subtotal === null || subtotal === undefined) {
    throw new PayloadIssueError({ path: "subtotal_price", message: "order has no subtotal" });
  }
  if (total === null || total === undefined) {
    throw new PayloadIssueError({ path: "total_price", message: "order has no total" });
  }
  const subtotalPath = order.current_subtotal_price == null ? "subtotal_price" : "current_subtotal_price";
  const totalPath = order.current_total_price == null ? "total_price" : "current_total_price";

  const lineItems: LineItem[] = new Array(order.line_items.length);
  for (let index = 0; index < order.line_items.length; index++) {
    const item = order.line_items[index]!;
    lineItems[index] = {
      id: item.id,
      sku: item.sku,
      productId: item.product_id,
      variantId: item.variant_id,
      title: item.title,
      quantity: item.current_quantity ?? item.quantity,
      priceMinor: minorUnitsAt(item.price, currency, `line_items[${index}].price`),
    };
  }

  return {
    orderId: order.id,
    name: order.name,
    currency,
    totalMinor: minorUnitsAt(total, currency, totalPath),
    subtotalMinor: minorUnitsAt(subtotal, currency, subtotalPath),
    lineItems,
    discountCodes: order.discount_codes.map((discount) => discount.code),
    tags: order.tags,
    financialStatus: order.financial_status,
    sourceName: order.source_name,
    createdAt: order.created_at,
    cancelledAt: order.cancelled_at,
    customer: order.customer === null ? null : customerProfile(order.customer),
  };
}
