import type { Reward } from "@loyalty/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, type QueryTestEnv, SHOP_A } from "./support/query-app.ts";
import { ledgerAndBalance, REWARD_5_OFF, seedCustomer, seedRewards } from "./support/seed.ts";

const issued: Array<{ shop: string; reward: Reward; code: string }> = [];
let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({
    label: "redeem_happy",
    poolMax: 12,
    app: { discounts: { issue: async (shop, reward, code) => void issued.push({ shop, reward, code }) } },
  });
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
  it("deducts the cost, answers 201 with the new balance and a LOYAL-XXXX-XXXX code", async () => {
    await seedCustomer(env.sql, SHOP_A, "c-1", [{ delta: 1200 }]);

    const response = await redeem("c-1", "key-1");

    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toEqual({
      redemptionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      pointsDeducted: 500,
      balance: 700,
      code: expect.stringMatching(/^LOYAL-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/),
    });
    expect(await ledgerAndBalance(env.sql, SHOP_A, "c-1")).toEqual({
      balance: 700,
      ledger: 700,
      lifetime: 1200,
      redeemRows: 1,
    });
    const [ledger] = await env.sql<{ delta: string; kind: string; reason: string }[]>`
      SELECT delta::text AS delta, kind, reason FROM points_ledger
      WHERE shop = ${SHOP_A} AND customer_id = 'c-1' AND kind = 'redeem'`;
    expect(ledger).toEqual({ delta: "-500", kind: "redeem", reason: 'Redeemed "$5 off"' });
  });

  it("writes a reward.redeemed outbox row in the customer's partition", async () => {
    await seedCustomer(env.sql, SHOP_A, "c-outbox", [{ delta: 500 }]);
    const body = (await redeem("c-outbox", "key-outbox")).json();

    const rows = await env.sql<{ type: string; partition_key: string; payload: Record<string, unknown> }[]>`
      SELECT type, partition_key, payload FROM outbox WHERE payload->>'redemptionId' = ${body.redemptionId}`;

    expect(rows).toEqual([
      {
        type: "reward.redeemed",
        partition_key: `${SHOP_A}|c|c-outbox`,
        payload: {
          redemptionId: body.redemptionId,
          customerId: "c-outbox",
          rewardId: "5-off",
          rewardName: "$5 off",
          kind: "fixed_discount",
          value: 5,
          pointsDeducted: 500,
          balance: 0,
          code: body.code,
        },
      },
    ]);
  });

  it("answers the same idempotency key again with the identical 201 body and spends nothing", async () => {
    await seedCustomer(env.sql, SHOP_A, "c-2", [{ delta: 2000 }]);

    const first = await redeem("c-2", "same-key");
    const second = await redeem("c-2", "same-key");

    expect(second.statusCode).toBe(201);
    expect(second.body).toBe(first.body);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect((await ledgerAndBalance(env.sql, SHOP_A, "c-2")).balance).toBe(1500);
  });

  it("gives one redemption and ten identical answers to the same key sent ten times at once", async () => {
    await seedCustomer(env.sql, SHOP_A, "c-3", [{ delta: 5000 }]);

    const responses = await Promise.all(Array.from({ length: 10 }, () => redeem("c-3", "burst-key")));

    expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(201));
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    expect(await ledgerAndBalance(env.sql, SHOP_A, "c-3")).toMatchObject({
      balance: 4500,
      ledger: 4500,
      redeemRows: 1,
    });
    const [count] = await env.sql<{ n: string }[]>`
      SELECT count(*)::text AS n FROM redemptions WHERE shop = ${SHOP_A} AND idempotency_key = 'burst-key'`;
    expect(count?.n).toBe("1");
  });

  it("hands the committed code to the discount issuer", async () => {
    await seedCustomer(env.sql, SHOP_A, "c-4", [{ delta: 500 }]);

    const body = (await redeem("c-4", "issuer-key")).json();

    expect(issued.find((i) => i.code === body.code)).toMatchObject({
      shop: SHOP_A,
      reward: { key: "5-off", kind: "fixed_discount", value: 5 },
    });
  });

  it("spends exactly the balance down to zero and keeps lifetime points", async () => {
    await seedCustomer(env.sql, SHOP_A, "c-5", [{ delta: 1000 }]);

    const balances = [(await redeem("c-5", "a")).json().balance, (await redeem("c-5", "b")).json().balance];

    expect(balances).toEqual([500, 0]);
    expect(await ledgerAndBalance(env.sql, SHOP_A, "c-5")).toMatchObject({ lifetime: 1000, balance: 0 });
  });
});
