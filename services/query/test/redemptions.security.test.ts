import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectApiKeyRefusals } from "./support/auth-cases.ts";
import { createQueryTestEnv, type QueryTestEnv, SHOP_A, SHOP_B } from "./support/query-app.ts";
import { ledgerAndBalance, REWARD_5_OFF, seedCustomer, seedRewards } from "./support/seed.ts";

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "redeem_sec" });
  await seedRewards(env.sql, SHOP_A, [REWARD_5_OFF]);
  await seedRewards(env.sql, SHOP_B, [
    REWARD_5_OFF,
    { key: "b-only", name: "B only", costPoints: 1, kind: "free_shipping" },
  ]);
  await seedCustomer(env.sql, SHOP_A, "7200", [{ delta: 5000 }]);
  await seedCustomer(env.sql, SHOP_B, "7201", [{ delta: 5000 }]);
});
afterAll(async () => env?.close());

function redeem(customerId: string, body: Record<string, unknown>, key?: string) {
  return env.call({
    method: "POST",
    url: `/v1/customers/${customerId}/redemptions`,
    payload: body,
    ...(key === undefined ? {} : { key }),
  });
}

describe("POST /v1/customers/:customerId/redemptions security", () => {
  it("answers 404 for another shop's customer and spends none of their points", async () => {
    const response = await redeem("7201", { rewardId: "5-off", idempotencyKey: "x" });

    expect(response.statusCode).toBe(404);
    expect(response.json().error).toBe("customer_not_found");
    expect((await ledgerAndBalance(env.sql, SHOP_B, "7201")).balance).toBe(5000);
  });

  it("answers 404 for a reward that only another shop has", async () => {
    const response = await redeem("7200", { rewardId: "b-only", idempotencyKey: "y" });

    expect(response.statusCode).toBe(404);
    expect(response.json().error).toBe("reward_not_found");
  });

  it("keeps idempotency keys apart per shop", async () => {
    const a = await redeem("7200", { rewardId: "5-off", idempotencyKey: "shared" }, env.keyA);
    const b = await redeem("7201", { rewardId: "5-off", idempotencyKey: "shared" }, env.keyB);

    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().redemptionId).not.toBe(b.json().redemptionId);
    expect(b.headers["idempotent-replayed"]).toBeUndefined();
  });

  it("refuses a missing, malformed, unknown or revoked API key with 401 and spends nothing", async () => {
    await expectApiKeyRefusals(env, {
      method: "POST",
      url: "/v1/customers/7200/redemptions",
      payload: { rewardId: "5-off", idempotencyKey: "unauth" },
    });
    const [row] = await env.sql`SELECT 1 FROM redemptions WHERE idempotency_key = 'unauth'`;
    expect(row).toBeUndefined();
  });
});
