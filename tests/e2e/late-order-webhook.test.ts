import { shopifyFixtureJson } from "@loyalty/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPipeline, type Pipeline } from "./pipeline.ts";

// A realistic sequence: an order paid at 250.00 earns 250; a refund of 62.50 claws back
// round_half_up(250 × 62.50 / 250.00) = 63 → 187; then orders/fulfilled arrives with
// Shopify's current_subtotal_price 187.50 (already net of the refund). CONTRACT.md pins the
// clawback base to the subtotal the points were earned on, so the balance stays 187.
const CUSTOMER = "7390283726001";
const ORDER = "5810273619001";

let pipeline: Pipeline;

beforeAll(async () => {
  pipeline = await createPipeline("e2e-late-order", {
    rules: [
      {
        name: "1 point per dollar",
        triggers: ["order.paid"],
        conditions: { all: [] },
        actions: [{ type: "points", rate: { points: 1, per: 1 }, base: "subtotal" }],
      },
    ],
    tiers: [],
  });
  pipeline.startProcessor();
});
afterAll(async () => {
  await pipeline.close();
});

function orderBody(current: string, extra: Record<string, unknown> = {}): string {
  const order = shopifyFixtureJson("orders-paid");
  return JSON.stringify({
    ...order,
    subtotal_price: "250.00",
    total_price: "250.00",
    current_subtotal_price: current,
    current_total_price: current,
    ...extra,
  });
}

function refundBody(amount: string): string {
  const refund = shopifyFixtureJson<{ refund_line_items: Record<string, unknown>[] }>(
    "refunds-create-partial",
  );
  const [line] = refund.refund_line_items;
  const money = { amount, currency_code: "USD" };
  const subtotalSet = { shop_money: money, presentment_money: money };
  return JSON.stringify({
    ...refund,
    refund_line_items: [{ ...line, subtotal: Number(amount), subtotal_set: subtotalSet }],
  });
}

const balance = () => pipeline.profile(CUSTOMER).then((p) => p?.balance ?? null);

describe("a later order webhook never changes what was earned", () => {
  it("ends at 187 after paid 250.00, refund 62.50 and orders/fulfilled at current 187.50", async () => {
    await pipeline.post(orderBody("250.00"), "orders/paid");
    await pipeline.waitFor(balance, (b) => b === 250);
    await pipeline.post(refundBody("62.50"), "refunds/create");
    await pipeline.waitFor(balance, (b) => b === 187);
    await pipeline.post(orderBody("187.50", { fulfillment_status: "fulfilled" }), "orders/fulfilled");
    await pipeline.waitFor(
      () =>
        pipeline.database.sql`SELECT count(*)::int AS n FROM processed_events WHERE type = 'order.fulfilled'`,
      (rows) => rows[0]?.n === 1,
    );
    expect(await pipeline.profile(CUSTOMER)).toMatchObject({ balance: 187, lifetimePoints: 187 });
    const [order] = await pipeline.database.sql<{ subtotal_minor: string }[]>`
      SELECT subtotal_minor::text FROM customer_orders WHERE order_id = ${ORDER}`;
    expect(order?.subtotal_minor).toBe("25000");
    expect((await pipeline.verify()).ok).toBe(true);
  });
});
