import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPipeline, type Pipeline } from "./pipeline.ts";

// Hand arithmetic (CONTRACT.md) for customer 7390283726001, order #1041, subtotal 150.50:
// order.paid → first-order bonus 500 + floor(150.50 / 1) × 1 × bronze 1.0 = 150 → 650 (silver ≥ 600).
// Partial refund of 15.25 → clawback round_half_up(650 × 1525 / 15050) = round(65.86) = 66 → 584 (bronze).
// Cancellation → claws back the remaining 584 → 0.
const ADA = "7390283726001";

let pipeline: Pipeline;

beforeAll(async () => {
  pipeline = await createPipeline("e2e-fixtures");
  pipeline.startProcessor();
});
afterAll(async () => {
  await pipeline.close();
});

const balanceOf = async (customerId: string) => (await pipeline.profile(customerId))?.balance ?? null;

describe("the project's fixtures through ingest, streams, processor and ledger", () => {
  it("awards 650 points for order #1041 paid and lifts the customer to silver", async () => {
    expect((await pipeline.postFixture("orders-create", "orders/create")).body.status).toBe("accepted");
    expect((await pipeline.postFixture("orders-paid", "orders/paid")).body.status).toBe("accepted");

    const profile = await pipeline.waitFor(
      () => pipeline.profile(ADA),
      (p) => p?.balance === 650,
    );
    expect(profile).toMatchObject({ balance: 650, lifetimePoints: 650, ordersCount: 1, tier: "silver" });
  });

  it("awards the same order once when Shopify delivers it again under another webhook id", async () => {
    const again = await pipeline.postFixture("orders-paid", "orders/paid");
    expect(again.body.status).toBe("accepted"); // a new webhook id: ingest cannot know
    await pipeline.waitFor(
      () => pipeline.database.sql`SELECT count(*)::int AS n FROM processed_events`,
      (rows) => rows[0]?.n === 3,
    );
    expect(await pipeline.profile(ADA)).toMatchObject({ balance: 650, lifetimePoints: 650, ordersCount: 1 });
  });

  it("claws back 66 points for the partial refund and drops the tier back to bronze", async () => {
    await pipeline.postFixture("refunds-create-partial", "refunds/create");
    const profile = await pipeline.waitFor(
      () => pipeline.profile(ADA),
      (p) => p?.balance === 584,
    );
    expect(profile).toMatchObject({ balance: 584, lifetimePoints: 584, tier: "bronze" });
  });

  it("claws back everything still unclawed when the order is cancelled", async () => {
    await pipeline.postFixture("orders-cancelled", "orders/cancelled");
    const profile = await pipeline.waitFor(
      () => pipeline.profile(ADA),
      (p) => p?.balance === 0,
    );
    expect(profile).toMatchObject({ balance: 0, lifetimePoints: 0, tier: "bronze" });
    const ledger = await pipeline.database.sql<{ kind: string; delta: number }[]>`
      SELECT kind, delta::int FROM points_ledger WHERE customer_id = ${ADA} ORDER BY id`;
    expect(ledger.map((row) => row.delta).reduce((a, b) => a + b, 0)).toBe(0);
    expect(ledger.filter((row) => row.kind === "clawback").map((row) => row.delta)).toEqual([-66, -584]);
  });

  it("lets a guest order earn nothing and fail nothing", async () => {
    await pipeline.postFixture("orders-create-guest", "orders/create");
    await pipeline.waitFor(
      () =>
        pipeline.database.sql`SELECT count(*)::int AS n FROM processed_events WHERE type = 'order.created'`,
      (rows) => rows[0]?.n === 2,
    );
    const [dead] = await pipeline.database
      .sql`SELECT count(*)::int AS n FROM points_ledger WHERE order_id = '5810273619002'`;
    expect(dead?.n).toBe(0);
  });

  it("counts JPY in whole yen: 12,800 points plus the first-order bonus", async () => {
    await pipeline.postFixture("orders-paid-jpy", "orders/paid");
    const customerId = await pipeline.waitFor(
      async () =>
        (
          await pipeline.database
            .sql`SELECT customer_id FROM customer_orders WHERE order_id = '5810273619003'`
        )[0]?.customer_id as string | undefined,
      (id) => id !== undefined,
    );
    const profile = await pipeline.waitFor(
      () => pipeline.profile(customerId!),
      (p) => (p?.balance ?? 0) > 0,
    );
    expect(profile).toMatchObject({ balance: 13_300, lifetimePoints: 13_300, tier: "silver" });
  });

  it("leaves every balance equal to the sum of its ledger", async () => {
    const result = await pipeline.verify();
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.customersChecked).toBeGreaterThanOrEqual(2);
    expect(await balanceOf(ADA)).toBe(0);
  });
});
