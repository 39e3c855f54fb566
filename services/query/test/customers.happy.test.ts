import { createApiKey, replaceTiers } from "@loyalty/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, type QueryTestEnv, SHOP_A } from "./support/query-app.ts";
import { seedCustomer } from "./support/seed.ts";

const TIERS = [
  { key: "bronze", name: "Bronze", level: 0, minPoints: 0, multiplier: 1 },
  { key: "silver", name: "Silver", level: 1, minPoints: 1000, multiplier: 1.25 },
  { key: "gold", name: "Gold", level: 2, minPoints: 5000, multiplier: 1.5 },
];

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "cust_happy" });
  await seedCustomer(env.sql, SHOP_A, "c-silver", [
    { delta: 1200 },
    { delta: 300 },
    { delta: -500, kind: "redeem" },
  ]);
  await seedCustomer(env.sql, SHOP_A, "c-top", [{ delta: 7000 }]);
  await replaceTiers(env.sql, SHOP_A, TIERS);
});
afterAll(async () => env?.close());

describe("GET /v1/customers/:customerId", () => {
  it("answers balance, lifetime points, current and next tier with the progress between them", async () => {
    const response = await env.call({ method: "GET", url: "/v1/customers/c-silver" });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      customerId: "c-silver",
      balance: 1000,
      lifetimePoints: 1500,
      pendingPoints: 0,
      expiringPoints: [],
      tier: { key: "silver", name: "Silver", level: 1 },
      nextTier: { key: "gold", name: "Gold", minPoints: 5000 },
      tierProgress: 12,
    });
  });

  it("reports no next tier and full progress at the top tier", async () => {
    const response = await env.call({ method: "GET", url: "/v1/customers/c-top" });

    expect(response.json()).toMatchObject({ tier: { key: "gold" }, nextTier: null, tierProgress: 100 });
  });

  it("answers with a null tier when the shop has no tiers", async () => {
    await seedCustomer(env.sql, "tierless-shop.myshopify.com", "c-1", [{ delta: 10 }]);
    const { key } = await createApiKey(env.sql, "tierless-shop.myshopify.com");

    const response = await env.call({ method: "GET", url: "/v1/customers/c-1", key });

    expect(response.json()).toEqual({
      customerId: "c-1",
      balance: 10,
      lifetimePoints: 10,
      pendingPoints: 0,
      expiringPoints: [],
      tier: null,
      nextTier: null,
      tierProgress: 100,
    });
  });

  it("carries the request id and rate-limit headers", async () => {
    const response = await env.call({
      method: "GET",
      url: "/v1/customers/c-top",
      headers: { "x-request-id": "req-123" },
    });

    expect(response.headers["x-request-id"]).toBe("req-123");
    expect(response.headers["x-ratelimit-limit"]).toBe("600");
  });
});
