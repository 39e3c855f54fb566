import {
  type EventEnvelope,
  minorToDecimalNumber,
  ORDER_EVENT_TYPES,
  type OrderData,
  type SystemEvent,
} from "@loyalty/core";
import type { CustomerFacts, Facts, OrderFacts, ShopFacts } from "./evaluation.ts";

/** The facts a condition may name (CONTRACT.md "Facts and points arithmetic"). */
export const FACT_NAMES = ["event", "order", "customer", "shop"] as const;
export type FactName = (typeof FACT_NAMES)[number];

export function isFactName(name: string): name is FactName {
  return (FACT_NAMES as readonly string[]).includes(name);
}

/** The `order` fact: decimal money for conditions, exact minor units kept for points. */
export function orderFacts(order: OrderData): OrderFacts {
  const { currency } = order;
  let itemCount = 0;
  for (const item of order.lineItems) itemCount += item.quantity;
  return {
    id: order.orderId,
    total: minorToDecimalNumber(order.totalMinor, currency),
    subtotal: minorToDecimalNumber(order.subtotalMinor, currency),
    totalMinor: order.totalMinor,
    subtotalMinor: order.subtotalMinor,
    currency,
    itemCount,
    lineItems: order.lineItems.map((item) => ({
      sku: item.sku,
      productId: item.productId,
      variantId: item.variantId,
      quantity: item.quantity,
      price: minorToDecimalNumber(item.priceMinor, currency),
    })),
    discountCodes: [...order.discountCodes],
    tags: [...order.tags],
    financialStatus: order.financialStatus,
    sourceName: order.sourceName,
  };
}

/**
 * What buildFacts needs of an envelope (a full EventEnvelope fits); type and data stay paired.
 * System events (the scheduler's) trigger no rules, so they have no facts.
 */
export type FactsEnvelope =
  Exclude<EventEnvelope, SystemEvent> extends infer E
    ? E extends EventEnvelope
      ? Pick<E, "type" | "occurredAt" | "data">
      : never
    : never;

function isOrderEnvelope(envelope: FactsEnvelope): envelope is Extract<FactsEnvelope, { data: OrderData }> {
  return (ORDER_EVENT_TYPES as readonly string[]).includes(envelope.type);
}

/**
 * Facts for one event. `order` is set for order events (the envelope's data is then
 * OrderData, as the envelope schema guarantees); `customer` is the profile as it stands
 * before this event's points, or null for guests.
 */
export function buildFacts(input: {
  envelope: FactsEnvelope;
  customer: CustomerFacts | null;
  shop: ShopFacts;
}): Facts {
  const { envelope } = input;
  return {
    event: { type: envelope.type, occurredAt: envelope.occurredAt },
    order: isOrderEnvelope(envelope) ? orderFacts(envelope.data) : null,
    customer: input.customer,
    shop: input.shop,
  };
}
