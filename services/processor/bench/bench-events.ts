import { type EventEnvelope, eventIdFor, type OrderData } from "@loyalty/core";

export const BENCH_SHOP = "bench-emporium.myshopify.com";

/** Thresholds on lifetime points; "silver" and "gold" are the keys realisticRules may grant. */
export const BENCH_TIERS = [
  { key: "bronze", name: "Bronze", level: 0, minPoints: 0, multiplier: 1 },
  { key: "silver", name: "Silver", level: 1, minPoints: 1_000, multiplier: 1.25 },
  { key: "gold", name: "Gold", level: 2, minPoints: 5_000, multiplier: 1.5 },
];

export interface EventMixOptions {
  /** Events to produce (exactly). */
  count: number;
  customers: number;
  /**
   * Events between an order and its refund. Refunds are partitioned by order id, not by
   * customer, so they land in another stream than their order: this distance keeps them
   * behind the order in every stream, as in real life where refunds come days later.
   */
  refundLag: number;
  /** Distinct ids per run, so two runs never share an event id. */
  runId: string;
  /** The envelopes' receivedAt (the archive is partitioned by it): the run's start. */
  receivedAt: string;
}

const pick = <T>(i: number, items: readonly T[]): T => items[i % items.length] as T;
const BASE_TIME = Date.parse("2026-05-04T08:00:00.000Z");

/**
 * A deterministic Shopify-like mix: per order order.created then order.paid (so every
 * order.paid fires the 20 rules), a partial refund for one order in six, a customer.updated
 * for one in twenty-five. Amounts, SKUs, codes, tags and weekdays vary so the rules match
 * on some orders and not others. About 2.2 events per order.
 */
export function* eventMix(options: EventMixOptions): Generator<EventEnvelope> {
  const { count, customers, refundLag, runId, receivedAt } = options;
  const refunds: Array<{ due: number; envelope: EventEnvelope }> = [];
  let emitted = 0;
  for (let i = 0; emitted < count; i++) {
    while (refunds.length > 0 && refunds[0]!.due <= emitted && emitted < count) {
      yield refunds.shift()!.envelope;
      emitted++;
    }
    if (emitted >= count) break;
    const customer = i % customers;
    const order = orderData(i, customer, runId);
    const at = new Date(BASE_TIME + i * 47_000).toISOString();
    for (const type of ["order.created", "order.paid"] as const) {
      if (emitted >= count) break;
      const data: OrderData =
        type === "order.created"
          ? { ...order, financialStatus: "pending" }
          : { ...order, financialStatus: "paid" };
      yield envelope(
        `${runId}-${i}-${type}`,
        type,
        order.customer?.id ?? null,
        order.orderId,
        [at, receivedAt],
        data,
      );
      emitted++;
    }
    if (i % 6 === 0) {
      const refundId = `${runId}-refund-${i}`;
      refunds.push({
        due: emitted + refundLag,
        envelope: envelope(`${runId}-${i}-refund`, "refund.created", null, order.orderId, [at, receivedAt], {
          refundId,
          orderId: order.orderId,
          currency: "USD",
          refundedSubtotalMinor: Math.floor(order.subtotalMinor / 3),
          createdAt: at,
        }),
      });
    }
    if (i % 25 === 0 && emitted < count) {
      const id = customerId(customer, runId);
      yield envelope(`${runId}-${i}-customer`, "customer.updated", id, null, [at, receivedAt], {
        id,
        email: `c${customer}@example.com`,
        firstName: "Ada",
        lastName: `Customer ${customer}`,
        phone: null,
        tags: pick(customer, [[], ["VIP"], ["wholesale"], ["vip", "staff"]]),
        createdAt: "2026-01-01T00:00:00.000Z",
        updatedAt: at,
      });
      emitted++;
    }
  }
}

function customerId(customer: number, runId: string): string {
  return `${runId}-c${7_390_000 + customer}`;
}

function orderData(i: number, customer: number, runId: string): OrderData {
  const priceMinor = pick(i, [1_525, 2_000, 4_999, 12_500]);
  const lines = 1 + (i % 3);
  return {
    orderId: `${runId}-o${5_000_000 + i}`,
    name: `#${1000 + i}`,
    currency: "USD",
    totalMinor: pick(i, [1_505, 17_007, 55_000, 9_999, 120_050]),
    subtotalMinor: pick(i, [1_400, 15_050, 50_000, 9_000, 110_000]),
    lineItems: Array.from({ length: lines }, (_, line) => ({
      id: `li-${i}-${line}`,
      sku: pick(i + line, ["BOOK-001", "GIFT-25", "MUG-3", null, "TEE-M"]),
      productId: pick(i + line, ["7001", "8001", "7002", "9001"]),
      variantId: `v${line}`,
      title: "Item",
      quantity: 1 + ((i + line) % 3),
      priceMinor,
    })),
    discountCodes: pick(i, [[], ["LOYAL10"], [], ["SUMMER"]]),
    tags: pick(i, [[], [], ["birthday"], ["gift", "rush"]]),
    financialStatus: "paid",
    sourceName: pick(i, ["web", "pos", "shopify_draft_order", "web"]),
    createdAt: new Date(BASE_TIME + i * 47_000).toISOString(),
    cancelledAt: null,
    customer: {
      id: customerId(customer, runId),
      email: `c${customer}@example.com`,
      firstName: "Ada",
      lastName: `Customer ${customer}`,
      phone: null,
      tags: pick(customer, [[], ["VIP"], [], ["wholesale"]]),
    },
  };
}

function envelope(
  webhookId: string,
  type: EventEnvelope["type"],
  customer: string | null,
  orderId: string | null,
  [occurredAt, receivedAt]: [string, string],
  data: EventEnvelope["data"],
): EventEnvelope {
  return {
    id: eventIdFor(BENCH_SHOP, webhookId),
    type,
    shop: BENCH_SHOP,
    customerId: customer,
    orderId,
    webhookId,
    occurredAt,
    receivedAt,
    requestId: `req-${webhookId}`,
    attempt: 0,
    data,
  } as EventEnvelope;
}
