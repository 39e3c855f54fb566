import { verifyLedger } from "@loyalty/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, type QueryTestEnv, SHOP_A, settledRedemption } from "./support/query-app.ts";
import { ledgerAndBalance, REWARD_5_OFF, seedCustomer, seedRewards } from "./support/seed.ts";

const CODE = /^LOYAL-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "redeem_happy", poolMax: 12 });
  await seedRewards(env.sql, SHOP_A, [REWARD_5_OFF]);
});
afterAll(async () => env?.close());

function redeem(customerId: string, idempotencyKey: string, rewardId = "5-off") {
  return env.call({
    method: "POST",
    url: `/v1/customers/${customerId}/redemptions`,
    payload: { rewardId, idempotencyKey },
  });
}

describe("POST /v1/customers/:customerId/redemptions", () => {
  it("deducts the cost and answers 201 issued with a code that now exists in Shopify for that customer only", async () => {
    await seedCustomer(env.sql, SHOP_A, "7300", [{ delta: 1200 }]);

    const response = await redeem("7300", "key-1");

    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      redemptionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: expect.stringMatching(/^(issued|pending)$/),
      pointsDeducted: 500,
      balance: 700,
      code: response.json().status === "issued" ? expect.stringMatching(CODE) : null,
      expiresAt: null,
    });
    const body = await settledRedemption(env, response.json().redemptionId);
    expect(body).toMatchObject({ status: "issued", code: expect.stringMatching(CODE) });
    const discount = env.emulator.state.shop(SHOP_A).discountByCode(body.code);
    expect(discount).toMatchObject({
      usageLimit: 1,
      appliesOncePerCustomer: true,
      customerIds: ["7300"],
      status: "ACTIVE",
    });
    expect(await ledgerAndBalance(env.sql, SHOP_A, "7300")).toEqual({
      balance: 700,
      ledger: 700,
      lifetime: 1200,
      redeemRows: 1,
    });
    const [ledger] = await env.sql<{ delta: string; kind: string; reason: string }[]>`
      SELECT delta::text AS delta, kind, reason FROM points_ledger
      WHERE shop = ${SHOP_A} AND customer_id = '7300' AND kind = 'redeem'`;
    expect(ledger).toEqual({ delta: "-500", kind: "redeem", reason: 'Redeemed "$5 off"' });
  });

  it("writes a reward.redeemed outbox row in the customer's partition", async () => {
    await seedCustomer(env.sql, SHOP_A, "7301", [{ delta: 500 }]);
    const body = (await redeem("7301", "key-outbox")).json();

    const rows = await env.sql<{ type: string; partition_key: string; payload: Record<string, unknown> }[]>`
      SELECT type, partition_key, payload FROM outbox WHERE payload->>'redemptionId' = ${body.redemptionId}`;

    expect(rows).toEqual([
      {
        type: "reward.redeemed",
        partition_key: `${SHOP_A}|c|7301`,
        payload: {
          redemptionId: body.redemptionId,
          customerId: "7301",
          rewardId: "5-off",
          rewardName: "$5 off",
          kind: "fixed_discount",
          value: 5,
          pointsDeducted: 500,
          balance: 0,
        },
      },
    ]);
  });

  it("answers the same idempotency key again with the same redemption and spends nothing", async () => {
    await seedCustomer(env.sql, SHOP_A, "7302", [{ delta: 2000 }]);

    const first = await redeem("7302", "same-key");
    const second = await redeem("7302", "same-key");

    expect(second.statusCode).toBe(201);
    expect(second.body).toBe(first.body);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect((await ledgerAndBalance(env.sql, SHOP_A, "7302")).balance).toBe(1500);
  });

  it("gives one redemption, one Shopify code and ten identical answers to the same key sent ten times at once", async () => {
    await seedCustomer(env.sql, SHOP_A, "7303", [{ delta: 5000 }]);

    const responses = await Promise.all(Array.from({ length: 10 }, () => redeem("7303", "burst-key")));

    expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(201));
    const ids = new Set(responses.map((r) => r.json().redemptionId));
    expect(ids.size).toBe(1);
    expect(await ledgerAndBalance(env.sql, SHOP_A, "7303")).toMatchObject({
      balance: 4500,
      ledger: 4500,
      redeemRows: 1,
    });
    const codes = [...env.emulator.state.shop(SHOP_A).discounts.values()].filter((d) =>
      d.customerIds.includes("7303"),
    );
    expect(codes).toHaveLength(1);
  });

  it("shows the redemption by id and in the customer's list, and cancels it: code deactivated, points back", async () => {
    await seedCustomer(env.sql, SHOP_A, "7304", [{ delta: 500 }]);
    const body = await settledRedemption(env, (await redeem("7304", "cancel-key")).json().redemptionId);

    const one = await env.call({ method: "GET", url: `/v1/redemptions/${body.redemptionId}` });
    const list = await env.call({ method: "GET", url: "/v1/customers/7304/redemptions" });
    const cancelled = await env.call({ method: "POST", url: `/v1/redemptions/${body.redemptionId}/cancel` });
    const again = await env.call({ method: "POST", url: `/v1/redemptions/${body.redemptionId}/cancel` });

    expect(one.json()).toMatchObject({
      redemptionId: body.redemptionId,
      status: "issued",
      customerId: "7304",
      rewardId: "5-off",
      kind: "fixed_discount",
    });
    expect(list.json().items.map((i: { redemptionId: string }) => i.redemptionId)).toEqual([
      body.redemptionId,
    ]);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: "cancelled", code: body.code });
    expect(again.json()).toMatchObject({ status: "cancelled" });
    expect(env.emulator.state.shop(SHOP_A).discountByCode(body.code)?.status).toBe("EXPIRED");
    expect(await ledgerAndBalance(env.sql, SHOP_A, "7304")).toMatchObject({ balance: 500, ledger: 500 });
    expect((await verifyLedger(env.sql, { shop: SHOP_A })).ok).toBe(true);
  });

  it("spends exactly the balance down to zero and keeps lifetime points", async () => {
    await seedCustomer(env.sql, SHOP_A, "7305", [{ delta: 1000 }]);

    const balances = [(await redeem("7305", "a")).json().balance, (await redeem("7305", "b")).json().balance];

    expect(balances).toEqual([500, 0]);
    expect(await ledgerAndBalance(env.sql, SHOP_A, "7305")).toMatchObject({ lifetime: 1000, balance: 0 });
  });
});
