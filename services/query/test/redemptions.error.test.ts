import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, type QueryTestEnv, SHOP_A } from "./support/query-app.ts";
import { ledgerAndBalance, REWARD_5_OFF, seedCustomer, seedRewards } from "./support/seed.ts";

let failIssuing = false;
let issueCalls = 0;
let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({
    label: "redeem_err",
    poolMax: 20,
    app: {
      discounts: {
        issue: async () => {
          issueCalls++;
          if (failIssuing) throw new Error("Shopify said 500");
        },
      },
    },
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
    await seedCustomer(env.sql, SHOP_A, "c-poor", [{ delta: 499 }]);

    const response = await redeem("c-poor", { rewardId: "5-off", idempotencyKey: "k" });

    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({
      error: "insufficient_points",
      message: 'The customer has 499 points; "$5 off" costs 500.',
      details: [{ balance: 499, costPoints: 500 }],
    });
    expect(await ledgerAndBalance(env.sql, SHOP_A, "c-poor")).toMatchObject({ balance: 499, redeemRows: 0 });
  });

  it("refuses a customer whose balance went negative after a clawback", async () => {
    await seedCustomer(env.sql, SHOP_A, "c-negative", [{ delta: 100 }, { delta: -300, kind: "clawback" }]);

    const response = await redeem("c-negative", { rewardId: "5-off", idempotencyKey: "k" });

    expect(response.json()).toMatchObject({ error: "insufficient_points", details: [{ balance: -200 }] });
  });

  it("lets exactly 5 of 100 concurrent redemptions through on a balance worth 5, the rest 409", async () => {
    await seedCustomer(env.sql, SHOP_A, "c-race", [{ delta: 2000 }, { delta: 500 }]);

    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        redeem("c-race", { rewardId: "5-off", idempotencyKey: `race-${i}` }),
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
    expect(await ledgerAndBalance(env.sql, SHOP_A, "c-race")).toEqual({
      balance: 0,
      ledger: 0,
      lifetime: 2500,
      redeemRows: 5,
    });
    const codes = responses.filter((r) => r.statusCode === 201).map((r) => r.json().code);
    expect(new Set(codes).size).toBe(5);
  });

  it("answers 404 reward_not_found for an unknown reward", async () => {
    await seedCustomer(env.sql, SHOP_A, "c-rich", [{ delta: 100_000 }]);

    const response = await redeem("c-rich", { rewardId: "no-such-reward", idempotencyKey: "k1" });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: "reward_not_found" });
  });

  it("answers 404 customer_not_found for an unknown customer", async () => {
    const response = await redeem("c-ghost", { rewardId: "5-off", idempotencyKey: "k" });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: "customer_not_found" });
  });

  it("answers 409 reward_inactive for a reward the merchant switched off", async () => {
    const response = await redeem("c-rich", { rewardId: "retired", idempotencyKey: "k2" });

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ error: "reward_inactive" });
  });

  it("answers 409 idempotency_key_reused when a key comes back for another reward", async () => {
    expect((await redeem("c-rich", { rewardId: "5-off", idempotencyKey: "k3" })).statusCode).toBe(201);

    const response = await redeem("c-rich", { rewardId: "10-pct", idempotencyKey: "k3" });

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ error: "idempotency_key_reused" });
  });

  it("answers 409 idempotency_key_reused when a key comes back for another customer", async () => {
    await seedCustomer(env.sql, SHOP_A, "c-other", [{ delta: 100_000 }]);

    const response = await redeem("c-other", { rewardId: "5-off", idempotencyKey: "k3" });

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ error: "idempotency_key_reused" });
  });

  it.each([
    ["without idempotencyKey", { rewardId: "5-off" }, "$.idempotencyKey"],
    ["without rewardId", { idempotencyKey: "k" }, "$.rewardId"],
    ["with an empty idempotencyKey", { rewardId: "5-off", idempotencyKey: "" }, "$.idempotencyKey"],
    ["with a numeric rewardId", { rewardId: 5, idempotencyKey: "k" }, "$.rewardId"],
  ])("answers 400 validation_failed for a body %s", async (_name, body, path) => {
    const response = await redeem("c-rich", body);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: "validation_failed", details: [{ path, in: "body" }] });
  });

  it("answers 400 invalid_json for a body that is not JSON", async () => {
    const response = await env.call({
      method: "POST",
      url: "/v1/customers/c-rich/redemptions",
      payload: "{not json",
      headers: { "content-type": "application/json" },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: "invalid_json" });
  });

  it("answers 502 when the discount issuer fails, and issues again when the same key is retried", async () => {
    await seedCustomer(env.sql, SHOP_A, "c-issuer", [{ delta: 600 }]);
    failIssuing = true;
    const failed = await redeem("c-issuer", { rewardId: "5-off", idempotencyKey: "issuer" });
    failIssuing = false;
    const callsBefore = issueCalls;

    const retried = await redeem("c-issuer", { rewardId: "5-off", idempotencyKey: "issuer" });

    expect(failed.statusCode).toBe(502);
    expect(failed.json()).toMatchObject({ error: "discount_issue_failed" });
    expect(retried.statusCode).toBe(201);
    expect(issueCalls).toBe(callsBefore + 1);
    expect(await ledgerAndBalance(env.sql, SHOP_A, "c-issuer")).toMatchObject({
      balance: 100,
      redeemRows: 1,
    });
  });
});
