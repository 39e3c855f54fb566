import { eventIdFor } from "@loyalty/core";
import {
  CATALOGUE,
  type OrderLine,
  type OrderSpec,
  orderPayload,
  refundPayload,
} from "./shopify-payloads.ts";

export type LoadTopic = "orders/create" | "orders/paid" | "refunds/create";

/** One POST to ingest, as Shopify would make it. */
export interface Delivery {
  topic: LoadTopic;
  webhookId: string;
  /** The envelope id ingest derives from shop + webhook id: what processed_events holds. */
  eventId: string;
  /** X-Shopify-Event-Id: one per merchant action, shared by every delivery of it. */
  shopifyEventId: string;
  triggeredAt: string;
  body: string;
  /** A repeat of an earlier delivery (same webhook id, same bytes): ingest must answer duplicate. */
  redelivery: boolean;
}

export interface WebhookPlanOptions {
  shop: string;
  /** Orders go to customers drawn uniformly from this many. */
  customers: number;
  /** Share of deliveries (0..1) that repeat an earlier delivery exactly. */
  duplicates: number;
  /** Share of orders (0..1) that get a refund of one unit of one line. */
  refunds: number;
  random: () => number;
  now: () => Date;
  /** Webhook ids (Shopify uses UUIDs). */
  newId: () => string;
  /** Keeps this run's order ids apart from earlier runs'; drawn from `random` when absent. */
  runSeed?: number;
}

export interface WebhookPlan {
  next(): Delivery;
}

/** Fixed, so repeated runs build up order history (ordersCount > 1) on the same customers. */
export const CUSTOMER_ID_BASE = 7_400_000_000_000;
/** Order ids are runSeed × 10⁹ + n: below 2⁵³ (Shopify ids are JSON numbers) for runSeed < 9·10⁶. */
const RUN_SEED_RANGE = 8_000_000;
const ORDERS_PER_RUN = 1_000_000_000;
/** Recent deliveries a repeat is drawn from: Shopify repeats recent webhooks, not ancient ones. */
const REDELIVERY_WINDOW = 256;

/**
 * Deliveries in the order a shop would cause them: per order `orders/create`, then
 * `orders/paid`, then for a share of orders `refunds/create`; every order id unique to the run.
 * A share of all deliveries repeats a recent one, the way Shopify redelivers.
 */
export function createWebhookPlan(options: WebhookPlanOptions): WebhookPlan {
  const { random, now, shop } = options;
  const runSeed = options.runSeed ?? Math.floor(random() * RUN_SEED_RANGE);
  const pick = (n: number) => Math.min(n - 1, Math.floor(random() * n));
  const queue: Array<() => Delivery> = [];
  const recent: Delivery[] = [];
  let orders = 0;

  const delivery = (topic: LoadTopic, payload: Record<string, unknown>): Delivery => {
    const webhookId = options.newId();
    return {
      topic,
      webhookId,
      eventId: eventIdFor(shop, webhookId),
      shopifyEventId: options.newId(),
      triggeredAt: now().toISOString(),
      body: JSON.stringify(payload),
      redelivery: false,
    };
  };

  function newOrder(): void {
    orders += 1;
    if (orders >= ORDERS_PER_RUN) orders = 1;
    const orderId = runSeed * ORDERS_PER_RUN + orders;
    const lines: OrderLine[] = Array.from({ length: 1 + pick(3) }, (_, k) => ({
      id: (orderId % ORDERS_PER_RUN) * 8 + k + 1,
      item: CATALOGUE[pick(CATALOGUE.length)]!,
      quantity: 1 + pick(2),
    }));
    const createdAt = now().toISOString();
    const spec: OrderSpec = {
      orderId,
      orderNumber: 1000 + orders,
      customerId: CUSTOMER_ID_BASE + pick(options.customers),
      currency: "USD",
      lines,
      createdAt,
      updatedAt: createdAt,
      financialStatus: "pending",
    };
    queue.push(() => delivery("orders/create", orderPayload(spec)));
    queue.push(() =>
      delivery(
        "orders/paid",
        orderPayload({ ...spec, financialStatus: "paid", updatedAt: now().toISOString() }),
      ),
    );
    if (random() < options.refunds) {
      const line = lines[pick(lines.length)]!;
      queue.push(() =>
        delivery(
          "refunds/create",
          refundPayload({ refundId: orderId, order: spec, line, createdAt: now().toISOString() }),
        ),
      );
    }
  }

  return {
    next() {
      if (recent.length > 0 && random() < options.duplicates) {
        return { ...recent[pick(recent.length)]!, redelivery: true };
      }
      if (queue.length === 0) newOrder();
      const fresh = queue.shift()!();
      recent.push(fresh);
      if (recent.length > REDELIVERY_WINDOW) recent.shift();
      return fresh;
    },
  };
}
