import type { EventEnvelope } from "@loyalty/core";
import type { CustomerKey, OrderKey } from "./load.ts";

export interface KnownOrder {
  shop: string;
  order_id: string;
  customer_id: string | null;
}

export interface BatchPlan {
  /** First occurrence of each event id, in batch order. */
  unique: EventEnvelope[];
  shops: string[];
  /** Orders named by the batch (order events and refunds). */
  orders: OrderKey[];
  /** Customers to lock for these (newly claimed) events. */
  customersOf(fresh: readonly EventEnvelope[], known: readonly KnownOrder[]): CustomerKey[];
  orderKeysOf(fresh: readonly EventEnvelope[]): OrderKey[];
  refundKeysOf(fresh: readonly EventEnvelope[]): Array<{ shop: string; refundId: string }>;
}

const orderIdOf = (event: EventEnvelope): string | null =>
  event.type.startsWith("order.") || event.type === "refund.created" || event.type === "points.release"
    ? (event.data as { orderId: string }).orderId
    : null;

/** Which rows a batch needs, worked out from the envelopes alone. */
export function planBatch(events: readonly EventEnvelope[]): BatchPlan {
  const seen = new Set<string>();
  const unique = events.filter((event) => !seen.has(event.id) && seen.add(event.id));
  const shops = [...new Set(unique.map((event) => event.shop))];
  return {
    unique,
    shops,
    orders: orderKeys(unique),
    customersOf(fresh, known) {
      const stored = new Map(known.map((o) => [`${o.shop}\n${o.order_id}`, o.customer_id]));
      const keys = new Map<string, CustomerKey>();
      const add = (shop: string, customerId: string | null | undefined) => {
        if (customerId) keys.set(`${shop}\n${customerId}`, { shop, customerId });
      };
      for (const event of fresh) {
        const orderId = orderIdOf(event);
        // An order keeps its first customer: lock that one too, whatever this webhook says.
        if (orderId !== null) add(event.shop, stored.get(`${event.shop}\n${orderId}`));
        switch (event.type) {
          case "order.created":
          case "order.paid":
          case "order.cancelled":
          case "order.fulfilled":
            add(event.shop, event.customerId ?? event.data.customer?.id);
            break;
          case "customer.created":
          case "customer.updated":
            add(event.shop, event.customerId ?? event.data.id);
            break;
          case "customer.redact":
            add(event.shop, event.customerId ?? event.data.customerId);
            break;
          case "points.release":
          case "points.expire":
          case "points.expiry_reminder":
          case "tier.period":
            add(event.shop, event.customerId);
            break;
          default:
            break;
        }
      }
      return [...keys.values()];
    },
    orderKeysOf: orderKeys,
    refundKeysOf(fresh) {
      const keys = new Map<string, { shop: string; refundId: string }>();
      for (const event of fresh) {
        if (event.type === "refund.created") {
          keys.set(`${event.shop}\n${event.data.refundId}`, {
            shop: event.shop,
            refundId: event.data.refundId,
          });
        }
      }
      return [...keys.values()];
    },
  };
}

function orderKeys(events: readonly EventEnvelope[]): OrderKey[] {
  const keys = new Map<string, OrderKey>();
  for (const event of events) {
    const orderId = orderIdOf(event);
    if (orderId !== null) keys.set(`${event.shop}\n${orderId}`, { shop: event.shop, orderId });
  }
  return [...keys.values()];
}
