import { randomUUID } from "node:crypto";
import { eventIdFor } from "@loyalty/core";
import { normaliseWebhook } from "@loyalty/shopify";
import { describe, expect, it } from "vitest";
import { createWebhookPlan, type Delivery } from "./webhook-plan.ts";

const SHOP = "plan-test.myshopify.com";

/** mulberry32: a tiny seeded generator, so shares and picks are reproducible. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function deliveries(
  count: number,
  options: { duplicates: number; refunds: number; seed?: number },
): Delivery[] {
  const plan = createWebhookPlan({
    shop: SHOP,
    customers: 20,
    duplicates: options.duplicates,
    refunds: options.refunds,
    random: seeded(options.seed ?? 1),
    now: () => new Date("2026-11-20T19:02:11.000Z"),
    newId: randomUUID,
  });
  return Array.from({ length: count }, () => plan.next());
}

const normalise = (delivery: Delivery) =>
  normaliseWebhook({
    topic: delivery.topic,
    shop: SHOP,
    webhookId: delivery.webhookId,
    triggeredAt: delivery.triggeredAt,
    requestId: "req-1",
    receivedAt: new Date(),
    payload: JSON.parse(delivery.body),
  });

describe("the load generator's webhook plan", () => {
  it("builds bodies that ingest's own normaliser accepts as order and refund events", () => {
    const all = deliveries(300, { duplicates: 0, refunds: 0.5 });
    const types = new Set<string>();
    for (const delivery of all) {
      const result = normalise(delivery);
      expect(result.status, JSON.stringify(result)).toBe("ok");
      if (result.status === "ok") {
        types.add(result.envelope.type);
        expect(result.envelope.id).toBe(delivery.eventId);
      }
    }
    expect([...types].sort()).toEqual(["order.created", "order.paid", "refund.created"]);
  });

  it("sends create, then paid, then sometimes a refund for each order, with order ids unique to the run", () => {
    const all = deliveries(400, { duplicates: 0, refunds: 0.25 });
    const topicsByOrder = new Map<string, string[]>();
    for (const delivery of all) {
      const body = JSON.parse(delivery.body) as { id: number; order_id?: number };
      const orderId = String(delivery.topic === "refunds/create" ? body.order_id : body.id);
      topicsByOrder.set(orderId, [...(topicsByOrder.get(orderId) ?? []), delivery.topic]);
    }
    const complete = [...topicsByOrder.values()].slice(0, -1); // the last order may be cut off
    for (const topics of complete) {
      expect([
        ["orders/create", "orders/paid"],
        ["orders/create", "orders/paid", "refunds/create"],
      ]).toContainEqual(topics);
    }
    const refunded = complete.filter((topics) => topics.length === 3).length / complete.length;
    expect(refunded).toBeGreaterThan(0.1);
    expect(refunded).toBeLessThan(0.4);
  });

  it("refunds one unit of a line of its own order, within the order's subtotal", () => {
    const all = deliveries(200, { duplicates: 0, refunds: 1 });
    const orders = new Map<
      number,
      { line_items: Array<{ id: number; price: string }>; subtotal_price: string }
    >();
    for (const delivery of all) {
      const body = JSON.parse(delivery.body);
      if (delivery.topic === "orders/create") orders.set(body.id, body);
      if (delivery.topic !== "refunds/create") continue;
      const order = orders.get(body.order_id);
      const refunded = body.refund_line_items[0];
      const line = order?.line_items.find((item) => item.id === refunded.line_item_id);
      expect(line).toBeDefined();
      expect(refunded.subtotal_set.shop_money.amount).toBe(line?.price);
    }
  });

  it("repeats recent deliveries byte for byte under the same webhook id, at about the asked share", () => {
    const all = deliveries(2_000, { duplicates: 0.2, refunds: 0.1, seed: 7 });
    const originals = new Map(all.filter((d) => !d.redelivery).map((d) => [d.webhookId, d]));
    const repeats = all.filter((d) => d.redelivery);
    for (const repeat of repeats) {
      const original = originals.get(repeat.webhookId);
      expect(original?.body).toBe(repeat.body);
      expect(repeat.eventId).toBe(eventIdFor(SHOP, repeat.webhookId));
    }
    expect(repeats.length / all.length).toBeGreaterThan(0.15);
    expect(repeats.length / all.length).toBeLessThan(0.25);
    expect(originals.size).toBe(all.length - repeats.length);
  });
});
