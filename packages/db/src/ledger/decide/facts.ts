import { minorToDecimalNumber, type OrderData } from "@loyalty/core";
import type { CustomerFacts, OrderFacts } from "@loyalty/rules";
import type { CustomerState } from "./types.ts";

/** The CONTRACT.md `order` fact from normalised order data: decimals for rules, minor units beside. */
export function orderFactsFrom(data: OrderData): OrderFacts {
  const decimal = (minor: number) => minorToDecimalNumber(minor, data.currency);
  return {
    id: data.orderId,
    total: decimal(data.totalMinor),
    subtotal: decimal(data.subtotalMinor),
    totalMinor: data.totalMinor,
    subtotalMinor: data.subtotalMinor,
    currency: data.currency,
    itemCount: data.lineItems.reduce((count, item) => count + item.quantity, 0),
    lineItems: data.lineItems.map((item) => ({
      sku: item.sku,
      productId: item.productId,
      variantId: item.variantId,
      quantity: item.quantity,
      price: decimal(item.priceMinor),
    })),
    discountCodes: [...data.discountCodes],
    tags: [...data.tags],
    financialStatus: data.financialStatus,
    sourceName: data.sourceName,
  };
}

/** The `customer` fact: counters after recording this event's order, points before its awards. */
export function customerFactsFrom(customer: CustomerState, currency: string): CustomerFacts {
  return {
    id: customer.customerId,
    balance: customer.balance,
    lifetimePoints: customer.lifetimePoints,
    ordersCount: customer.ordersCount,
    totalSpent: minorToDecimalNumber(customer.totalSpentMinor, currency),
    tier: customer.tier,
    tags: [...customer.tags],
  };
}
