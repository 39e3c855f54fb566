import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectApiKeyRefusals } from "./support/auth-cases.ts";
import { createQueryTestEnv, type QueryTestEnv, SHOP_A, SHOP_B } from "./support/query-app.ts";
import { seedCustomer } from "./support/seed.ts";

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "tx_sec" });
  await seedCustomer(env.sql, SHOP_A, "c-a", [{ delta: 1 }, { delta: 2 }, { delta: 3 }]);
  await seedCustomer(env.sql, SHOP_B, "c-b", [{ delta: 10 }, { delta: 20 }, { delta: 30 }]);
});
afterAll(async () => env?.close());

describe("GET /v1/customers/:customerId/transactions security", () => {
  it("answers 404 for another shop's customer", async () => {
    const response = await env.call({ method: "GET", url: "/v1/customers/c-b/transactions" });

    expect(response.statusCode).toBe(404);
    expect(response.json().error).toBe("customer_not_found");
  });

  it("never shows another shop's rows through a cursor taken from that shop", async () => {
    const foreign = await env.call({
      method: "GET",
      url: "/v1/customers/c-b/transactions?limit=1",
      key: env.keyB,
    });
    const cursor = foreign.json().nextCursor as string;

    const response = await env.call({
      method: "GET",
      url: `/v1/customers/c-b/transactions?cursor=${cursor}`,
    });

    expect(response.statusCode).toBe(404);
  });

  it("refuses a missing, malformed, unknown or revoked API key with 401", async () => {
    await expectApiKeyRefusals(env, { method: "GET", url: "/v1/customers/c-a/transactions" });
  });
});
