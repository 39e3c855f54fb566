import {
  claimDueCommands,
  findRedemptionById,
  type RewardSnapshot,
  redeemReward,
  verifyLedger,
} from "@loyalty/db";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCodeDiscount } from "../src/operations/discounts.ts";
import { issueNow } from "../src/redemptions/issue-redemption.ts";
import { createRedemptionWorker } from "../src/redemptions/redemption-worker.ts";
import { discountInput } from "../src/redemptions/reward-input.ts";
import { balanceOf, type Harness, startHarness, statusOf } from "./support/harness.ts";

const SHOP = "issue-test.myshopify.com";
let h: Harness;
let keyCounter = 0;

beforeAll(async () => {
  h = await startHarness(SHOP, {
    label: "issue",
    customers: ["1001", "1002", "1003", "1004", "1005", "1006"],
  });
});
afterAll(async () => h?.close());
beforeEach(() => h.emulator.faults.clear());

const redeem = (customerId: string, rewardKey: string, idempotencyKey = `k-${++keyCounter}`) =>
  redeemReward(h.db.sql, { shop: SHOP, customerId, rewardKey, idempotencyKey, now: new Date(h.clock.now) });

const worker = () => createRedemptionWorker({ ...h.deps, intervalMs: 10 });

describe("issuing a redemption in Shopify", () => {
  it("issues every reward kind with the exact input Shopify needs, every operation valid against Shopify's schema", async () => {
    const now = new Date(h.clock.now).toISOString();
    const results: Record<string, { status: string; code: string | null }> = {};
    for (const key of ["5-off", "10-pct", "ship", "ship-any", "credit"]) {
      const { redemption } = await redeem("1001", key);
      const outcome = await issueNow(h.deps, redemption.redemptionId);
      const row = await findRedemptionById(h.db.sql, redemption.redemptionId);
      expect({ key, outcome, reason: row?.failure_reason }).toEqual({ key, outcome: "issued", reason: null });
      results[key] = { status: row?.status ?? "", code: row?.code ?? null };
    }
    const creates = h.emulator.requests.filter((r) => r.shop === SHOP && r.outcome === "ok");
    const inputs = creates.map((r) => ({ field: r.rootFields[0], variables: r.variables }));
    const customer = { customers: { add: ["gid://shopify/Customer/1001"] } };

    expect(h.emulator.requests.every((r) => r.valid)).toBe(true);
    expect(Object.values(results).map((r) => r.status)).toEqual([
      "issued",
      "issued",
      "issued",
      "issued",
      "issued",
    ]);
    expect(inputs[0]).toEqual({
      field: "discountCodeBasicCreate",
      variables: {
        input: expect.objectContaining({
          code: results["5-off"]?.code,
          startsAt: now,
          endsAt: "2026-06-03T10:00:00.000Z",
          usageLimit: 1,
          appliesOncePerCustomer: true,
          context: customer,
          customerGets: {
            value: { discountAmount: { amount: "5", appliesOnEachItem: false } },
            items: { all: true },
          },
          minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "20" } },
        }),
      },
    });
    expect(inputs[1]?.variables).toMatchObject({
      input: {
        endsAt: null,
        context: customer,
        customerGets: { value: { percentage: 0.1 }, items: { all: true } },
        combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
      },
    });
    expect(inputs[2]).toMatchObject({
      field: "discountCodeFreeShippingCreate",
      variables: {
        input: {
          maximumShippingPrice: "10",
          usageLimit: 1,
          appliesOncePerCustomer: true,
          context: customer,
          destination: { all: true },
        },
      },
    });
    expect(inputs[3]?.variables.input).not.toHaveProperty("maximumShippingPrice");
    expect(inputs[4]).toEqual({
      field: "storeCreditAccountCredit",
      variables: {
        id: "gid://shopify/Customer/1001",
        creditInput: {
          creditAmount: { amount: "7.5", currencyCode: "USD" },
          expiresAt: "2026-08-02T10:00:00.000Z",
        },
      },
    });
    expect(h.emulator.state.shop(SHOP).credits.map((c) => c.amount)).toEqual(["7.5"]);
    expect(results["credit"]?.code).toBeNull();
  });

  it("after a worker died between Shopify creating the code and our recording it, the next attempt adopts that code: one code, issued", async () => {
    const { redemption } = await redeem("1002", "5-off");
    // The worker that "dies": it claims the command (attempt 1) and creates the code in
    // Shopify, and never records anything.
    const [claimed] = await claimDueCommands(h.db.sql, {
      now: new Date(h.clock.now),
      leaseMs: 60_000,
      limit: 1,
      redemptionId: redemption.redemptionId,
    });
    const row = await findRedemptionById(h.db.sql, redemption.redemptionId);
    const { mutation, input } = discountInput(row!.reward as unknown as RewardSnapshot, {
      redemptionId: row!.id,
      customerId: row!.customer_id,
      code: row!.code,
      now: new Date(h.clock.now),
      expiresAt: null,
    });
    await createCodeDiscount(h.deps.client, SHOP, mutation, input);
    expect(claimed?.attempts).toBe(1);
    expect(await statusOf(h.db, redemption.redemptionId)).toBe("pending");

    h.clock.now += 61_000; // the dead attempt's lease lapses
    await worker().tick();

    const codes = [...h.emulator.state.shop(SHOP).discounts.values()].filter((d) => d.code === row!.code);
    expect(codes).toHaveLength(1);
    expect(await statusOf(h.db, redemption.redemptionId)).toBe("issued");
    expect((await findRedemptionById(h.db.sql, redemption.redemptionId))?.shopify_id).toBe(
      `gid://shopify/DiscountCodeNode/${codes[0]?.id}`,
    );
  });

  it("when Shopify's answer is lost after it made the code (connection dropped), the retry adopts the code instead of making another", async () => {
    const { redemption } = await redeem("1002", "ship");
    h.emulator.faults.arm({ kind: "drop_response" }, { operation: "discountCodeFreeShippingCreate" });

    expect(await issueNow(h.deps, redemption.redemptionId)).toBe("retry");
    h.clock.now += 5_000;
    await worker().tick();

    const row = await findRedemptionById(h.db.sql, redemption.redemptionId);
    const codes = [...h.emulator.state.shop(SHOP).discounts.values()].filter((d) => d.code === row?.code);
    expect(codes).toHaveLength(1);
    expect(row?.status).toBe("issued");
  });

  it("keeps a redemption pending through 30 s of Shopify being down, then issues it once Shopify is back", async () => {
    const { redemption } = await redeem("1003", "10-pct");
    h.emulator.faults.down = true;
    const started = h.clock.now;

    expect(await issueNow(h.deps, redemption.redemptionId)).toBe("retry");
    const w = worker();
    while (h.clock.now - started < 30_000) {
      h.clock.now += 5_000; // the injected retry schedule: every 5 s
      await w.tick();
      expect(await statusOf(h.db, redemption.redemptionId)).toBe("pending");
    }
    h.emulator.faults.down = false;
    h.clock.now += 5_000;
    await w.tick();

    expect(await statusOf(h.db, redemption.redemptionId)).toBe("issued");
    const [command] = await h.db.sql<
      { attempts: number; done_at: unknown }[]
    >`SELECT attempts, done_at FROM shopify_commands WHERE redemption_id = ${redemption.redemptionId}`;
    expect(command?.attempts).toBeGreaterThanOrEqual(7);
    expect(command?.done_at).not.toBeNull();
  });

  it("fails a redemption Shopify refuses with userErrors, returns the points, and leaves the ledger verified", async () => {
    const before = await balanceOf(h.db, SHOP, "1004");
    const { redemption } = await redeem("1004", "5-off");
    h.emulator.faults.arm(
      {
        kind: "user_errors",
        errors: [
          { field: ["basicCodeDiscount", "context"], code: "INVALID", message: "Customer is not eligible" },
        ],
      },
      { operation: "discountCodeBasicCreate" },
    );

    expect(await issueNow(h.deps, redemption.redemptionId)).toBe("failed");

    const row = await findRedemptionById(h.db.sql, redemption.redemptionId);
    const reversal = await h.db
      .sql`SELECT delta::int AS delta FROM points_ledger WHERE shop = ${SHOP} AND customer_id = '1004' AND kind = 'redeem_reversal'`;
    expect(row?.status).toBe("failed");
    expect(row?.failure_reason).toMatch(/INVALID/);
    expect(await balanceOf(h.db, SHOP, "1004")).toBe(before);
    expect([...reversal]).toEqual([{ delta: 500 }]);
    expect((await verifyLedger(h.db.sql, { shop: SHOP })).ok).toBe(true);
  });

  it("retries a THROTTLED call after the time the cost extension's restore rate says, and issues", async () => {
    const { redemption } = await redeem("1005", "5-off");
    h.emulator.setLimits({ maximumAvailable: 2000, restoreRate: 50 });
    h.emulator.drainBucket(SHOP);
    h.sleeps.length = 0;

    expect(await issueNow(h.deps, redemption.redemptionId)).toBe("issued");

    // Bucket empty, mutation costs 10, restore 50/s: 200 ms (+5 ms margin), once.
    expect(h.sleeps).toEqual([205]);
    expect(h.emulator.requests.filter((r) => r.outcome === "throttled").length).toBeGreaterThanOrEqual(1);
    const metrics = await h.registry.getSingleMetricAsString("loyalty_shopify_requests_total");
    expect(metrics).toMatch(/operation="discountCodeBasicCreate",outcome="throttled"/);
    h.emulator.setLimits({ maximumAvailable: 2000, restoreRate: 100 });
  });

  it("makes one code for 50 concurrent redemptions with the same idempotency key", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const { redemption } = await redeem("1006", "5-off", "same-key-50");
        await issueNow(h.deps, redemption.redemptionId);
        return redemption.redemptionId;
      }),
    );

    const ids = new Set(outcomes);
    const [id] = [...ids];
    const row = await findRedemptionById(h.db.sql, id!);
    const codes = [...h.emulator.state.shop(SHOP).discounts.values()].filter((d) => d.code === row?.code);
    const spent = await h.db
      .sql`SELECT count(*)::int AS n FROM points_ledger WHERE shop = ${SHOP} AND customer_id = '1006' AND kind = 'redeem'`;
    expect(ids.size).toBe(1);
    expect(codes).toHaveLength(1);
    expect(row?.status).toBe("issued");
    expect([...spent]).toEqual([{ n: 1 }]);
  });
});
