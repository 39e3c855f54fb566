import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, type QueryTestEnv, SHOP_A } from "./support/query-app.ts";
import { ledgerAndBalance, REWARD_5_OFF, seedCustomer, seedRewards } from "./support/seed.ts";

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({
    label: "redeem_err",
    poolMax: 20,
  });
  await seedRewards(env.sql, SHOP_A, [
    REWARD_5_OFF,
    { key: "retired", name: "Retired", costPoints: 10, kind: "free_shipping", active: false },
    { key: "10-pct", name: "10% off", costPoints: 800, kind: "percent_discount", value: 10 },
  ]);
});
afterAll(async () => env?.close());

function redeem(customerId: string, body: Record<string, unknown>) {
  return env.call({ method: "POST", url: `/v1/customers/${customerId}/redemptions`, payload: body });
}

describe("POST /v1/customers/:customerId/redemptions errors", () => {
  it("answers 409 insufficient_points when the balance is below the cost, writing nothing", async () => {
    await seedCustomer(env.sql, SHOP_A, "7100", [{ delta: 499 }]);

    const response = await redeem("7100", { rewardId: "5-off", idempotencyKey: "k" });

    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({
      error: "insufficient_points",
      message: 'The customer has 499 points; "$5 off" costs 500.',
      details: [{ balance: 499, costPoints: 500 }],
    });
    expect(await ledgerAndBalance(env.sql, SHOP_A, "7100")).toMatchObject({ balance: 499, redeemRows: 0 });
  });

  it("refuses a customer whose balance went negative after a clawback", async () => {
    await seedCustomer(env.sql, SHOP_A, "7101", [{ delta: 100 }, { delta: -300, kind: "clawback" }]);

    const response = await redeem("7101", { rewardId: "5-off", idempotencyKey: "k" });

    expect(response.json()).toMatchObject({ error: "insufficient_points", details: [{ balance: -200 }] });
  });

  it("lets exactly 5 of 100 concurrent redemptions through on a balance worth 5, the rest 409", async () => {
    await seedCustomer(env.sql, SHOP_A, "7102", [{ delta: 2000 }, { delta: 500 }]);

    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        redeem("7102", { rewardId: "5-off", idempotencyKey: `race-${i}` }),
      ),
    );

    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(95);
    expect(
      responses.filter((r) => r.statusCode === 409).every((r) => r.json().error === "insufficient_points"),
    ).toBe(true);
    const balances = responses.filter((r) => r.statusCode === 201).map((r) => r.json().balance as number);
    expect(balances.sort((a, b) => b - a)).toEqual([2000, 1500, 1000, 500, 0]);
    expect(await ledgerAndBalance(env.sql, SHOP_A, "7102")).toEqual({
      balance: 0,
      ledger: 0,
      lifetime: 2500,
      redeemRows: 5,
    });
    const ids = responses.filter((r) => r.statusCode === 201).map((r) => r.json().redemptionId);
    expect(new Set(ids).size).toBe(5);
  });

  it("answers 404 reward_not_found for an unknown reward", async () => {
    await seedCustomer(env.sql, SHOP_A, "7103", [{ delta: 100_000 }]);

    const response = await redeem("7103", { rewardId: "no-such-reward", idempotencyKey: "k1" });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: "reward_not_found" });
  });

  it("answers 404 customer_not_found for an unknown customer", async () => {
    const response = await redeem("7104", { rewardId: "5-off", idempotencyKey: "k" });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: "customer_not_found" });
  });

  it("answers 409 reward_inactive for a reward the merchant switched off", async () => {
    const response = await redeem("7103", { rewardId: "retired", idempotencyKey: "k2" });

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ error: "reward_inactive" });
  });

  it("answers 409 idempotency_key_reused when a key comes back for another reward", async () => {
    expect((await redeem("7103", { rewardId: "5-off", idempotencyKey: "k3" })).statusCode).toBe(201);

    const response = await redeem("7103", { rewardId: "10-pct", idempotencyKey: "k3" });

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ error: "idempotency_key_reused" });
  });

  it("answers 409 idempotency_key_reused when a key comes back for another customer", async () => {
    await seedCustomer(env.sql, SHOP_A, "7105", [{ delta: 100_000 }]);

    const response = await redeem("7105", { rewardId: "5-off", idempotencyKey: "k3" });

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ error: "idempotency_key_reused" });
  });

  it.each([
    ["without idempotencyKey", { rewardId: "5-off" }, "$.idempotencyKey"],
    ["without rewardId", { idempotencyKey: "k" }, "$.rewardId"],
    ["with an empty idempotencyKey", { rewardId: "5-off", idempotencyKey: "" }, "$.idempotencyKey"],
    ["with a numeric rewardId", { rewardId: 5, idempotencyKey: "k" }, "$.rewardId"],
  ])("answers 400 validation_failed for a body %s", async (_name, body, path) => {
    const response = await redeem("7103", body);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: "validation_failed", details: [{ path, in: "body" }] });
  });

  it("answers 400 invalid_json for a body that is not JSON", async () => {
    const response = await env.call({
      method: "POST",
      url: "/v1/customers/7103/redemptions",
      payload: "{not json",
      headers: { "content-type": "application/json" },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: "invalid_json" });
  });

  it("answers failed with the points back when Shopify refuses the discount (userErrors)", async () => {
    await seedCustomer(env.sql, SHOP_A, "7199", [{ delta: 600 }]);
    env.emulator.faults.arm(
      {
        kind: "user_errors",
        errors: [{ field: ["basicCodeDiscount", "code"], code: "INVALID", message: "Code is invalid" }],
      },
      { operation: "discountCodeBasicCreate" },
    );

    const response = await redeem("7199", { rewardId: "5-off", idempotencyKey: "refused" });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ status: "failed", code: null, pointsDeducted: 500 });
    expect(await ledgerAndBalance(env.sql, SHOP_A, "7199")).toMatchObject({
      balance: 600,
      ledger: 600,
      redeemRows: 1,
    });
  });

  it("answers pending within the 3 s budget when Shopify hangs, holding the points", async () => {
    await seedCustomer(env.sql, SHOP_A, "7198", [{ delta: 600 }]);
    env.emulator.faults.arm({ kind: "hang" }, { operation: "discountCodeBasicCreate" });
    const started = Date.now();

    const response = await redeem("7198", { rewardId: "5-off", idempotencyKey: "hung" });

    expect(Date.now() - started).toBeLessThan(3000 + 1000);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ status: "pending", code: null, balance: 100 });
  });
});
