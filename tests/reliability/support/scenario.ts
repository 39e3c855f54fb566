import { type OrderSpec, type OrderTopic, orderBody, refundBody } from "./payloads.ts";

/**
 * A deterministic stream of Shopify webhooks for many customers, and — computed here, by
 * hand, from CONTRACT.md's arithmetic rather than by the ledger — the balance each customer
 * must end with. The rules are chosen so that the result does not depend on the order in
 * which events are applied (no tier multiplier, no "first order" condition): whatever
 * crashes, retries and reorderings happen, the final balances are fixed.
 */

export const SCENARIO_RULES = [
  {
    name: "1 point per dollar",
    triggers: ["order.paid"],
    priority: 0,
    conditions: { all: [] },
    actions: [{ type: "points", rate: { points: 1, per: 1 }, base: "subtotal", tierMultiplier: false }],
  },
  {
    name: "Big basket bonus",
    triggers: ["order.paid"],
    priority: 10,
    conditions: { all: [{ fact: "order", path: "$.total", operator: "greaterThanInclusive", value: 100 }] },
    actions: [{ type: "points", amount: 25, reason: "Basket of 100 or more" }],
  },
];

/** Multipliers of 1 keep the arithmetic order-independent; the tier itself is still checked by verifyLedger. */
export const SCENARIO_TIERS = [
  { key: "bronze", name: "Bronze", level: 0, minPoints: 0, multiplier: 1 },
  { key: "silver", name: "Silver", level: 1, minPoints: 500, multiplier: 1 },
  { key: "gold", name: "Gold", level: 2, minPoints: 2000, multiplier: 1 },
];

/** Points an order earns once paid under SCENARIO_RULES: floor(subtotal / 1 USD) + 25 when total ≥ 100 USD. */
export function earnedFor(order: Pick<OrderSpec, "subtotalCents" | "totalCents">): number {
  return Math.floor(order.subtotalCents / 100) + (order.totalCents >= 10_000 ? 25 : 0);
}

/** CONTRACT.md: clawed back in all = round_half_up(earned × refunded / subtotal), capped at earned. */
export function clawbackFor(earned: number, refundedCents: number, subtotalCents: number): number {
  const rounded = Math.floor((2 * earned * refundedCents + subtotalCents) / (2 * subtotalCents));
  return Math.min(rounded, earned);
}

export interface PlannedWebhook {
  topic: OrderTopic | "refunds/create";
  webhookId: string;
  body: string;
  /** A refund of an order that never comes: it must end in the DLQ, not in the ledger. */
  poison: boolean;
  /** A second delivery of a webhook id already planned (ingest/producer must answer duplicate). */
  duplicate: boolean;
}

export interface ScenarioOptions {
  seed: number;
  customers: number;
  ordersPerCustomer: { min: number; max: number };
  /** Shares of orders: never paid, partially refunded, cancelled, paid webhook redelivered under a new id. */
  unpaidRatio: number;
  refundRatio: number;
  cancelRatio: number;
  redeliveryRatio: number;
  /** Share of webhooks delivered twice with the same webhook id. */
  duplicateRatio: number;
  poisonRefunds: number;
  /** First ids; keep scenarios of one database apart. */
  idBase: number;
}

export interface Scenario {
  /** In send order, duplicates included. */
  webhooks: PlannedWebhook[];
  /** Every customer with an order, and the balance (= lifetime points) it must end with. */
  expected: Map<string, number>;
  /** Distinct webhook ids (each becomes one event). */
  uniqueWebhooks: number;
  poisonWebhookIds: Set<string>;
  orders: number;
}

/** mulberry32: a tiny seeded PRNG, so a failing run can be reproduced from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function buildScenario(options: ScenarioOptions): Scenario {
  const random = seededRandom(options.seed);
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const timed: Array<{ at: number; webhook: PlannedWebhook }> = [];
  const expected = new Map<string, number>();
  const poisonWebhookIds = new Set<string>();
  let webhookSeq = 0;
  let orderSeq = 0;
  let unique = 0;

  const add = (at: number, topic: PlannedWebhook["topic"], body: string, poison = false) => {
    const webhookId = `rel-${options.seed}-${webhookSeq++}`;
    unique++;
    if (poison) poisonWebhookIds.add(webhookId);
    timed.push({ at, webhook: { topic, webhookId, body, poison, duplicate: false } });
    if (random() < options.duplicateRatio) {
      timed.push({ at: at + random() * 0.02, webhook: { topic, webhookId, body, poison, duplicate: true } });
    }
  };

  for (let c = 0; c < options.customers; c++) {
    const customerId = String(options.idBase + c);
    let balance = 0;
    const count = between(options.ordersPerCustomer.min, options.ordersPerCustomer.max);
    for (let o = 0; o < count; o++) {
      const orderId = String(options.idBase + 5_000_000 + orderSeq++);
      const subtotalCents = between(100, 40_000);
      const order: OrderSpec = {
        orderId,
        customerId,
        subtotalCents,
        totalCents: subtotalCents + Math.floor(subtotalCents * 0.13),
      };
      // Times in [0, 1): the order's webhooks cluster around its start, with small jitter so a
      // paid sometimes overtakes its create, as Shopify's deliveries do.
      const start = random() * 0.9;
      add(start, "orders/create", orderBody("orders/create", order));
      if (random() < options.unpaidRatio) continue;
      add(start + random() * 0.01, "orders/paid", orderBody("orders/paid", order));
      if (random() < options.redeliveryRatio)
        add(start + 0.01 + random() * 0.02, "orders/paid", orderBody("orders/paid", order));
      const earned = earnedFor(order);
      let clawed = 0;
      if (random() < options.refundRatio) {
        const refunded = between(1, subtotalCents);
        const refundId = String(options.idBase + 9_000_000 + orderSeq);
        add(
          start + 0.02 + random() * 0.05,
          "refunds/create",
          refundBody({ refundId, orderId, subtotalCents: refunded }),
        );
        clawed = clawbackFor(earned, refunded, subtotalCents);
      }
      if (random() < options.cancelRatio) {
        add(start + 0.03 + random() * 0.05, "orders/cancelled", orderBody("orders/cancelled", order));
        clawed = earned;
      }
      balance += earned - clawed;
    }
    expected.set(customerId, balance);
  }

  for (let p = 0; p < options.poisonRefunds; p++) {
    const orderId = String(options.idBase + 8_000_000 + p); // never sent
    const refundId = String(options.idBase + 9_500_000 + p);
    add(random(), "refunds/create", refundBody({ refundId, orderId, subtotalCents: 500 }), true);
  }

  timed.sort((a, b) => a.at - b.at);
  return {
    webhooks: timed.map((t) => t.webhook),
    expected,
    uniqueWebhooks: unique,
    poisonWebhookIds,
    orders: orderSeq,
  };
}
