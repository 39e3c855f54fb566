import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, type QueryTestEnv, SHOP_A } from "./support/query-app.ts";
import { seedCustomer } from "./support/seed.ts";

const TIERS_FILE = [
  { key: "silver", name: "Silver", level: 1, minPoints: 0, multiplier: 1 },
  { key: "gold", name: "Gold", level: 2, minPoints: 1000, multiplier: 1.15 },
];

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "tiers_happy" });
  await seedCustomer(env.sql, SHOP_A, "c-1200", [{ delta: 1200 }]);
});
afterAll(async () => env?.close());

describe("GET|PUT /v1/tiers", () => {
  it("lists no tiers for a shop that has none", async () => {
    const response = await env.call({ method: "GET", url: "/v1/tiers" });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
  });

  it("replaces the tiers with the tiers file and answers what is stored, multipliers exact", async () => {
    const response = await env.call({ method: "PUT", url: "/v1/tiers", payload: TIERS_FILE });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(TIERS_FILE);
    expect((await env.call({ method: "GET", url: "/v1/tiers" })).json()).toEqual(TIERS_FILE);
  });

  it("moves existing customers to the tier the new thresholds give them", async () => {
    await env.call({ method: "PUT", url: "/v1/tiers", payload: TIERS_FILE });
    const before = (await env.call({ method: "GET", url: "/v1/customers/c-1200" })).json();

    await env.call({
      method: "PUT",
      url: "/v1/tiers",
      payload: [...TIERS_FILE.slice(0, 1), { key: "gold", name: "Gold", level: 2, minPoints: 2000 }],
    });
    const after = (await env.call({ method: "GET", url: "/v1/customers/c-1200" })).json();

    expect(before.tier.key).toBe("gold");
    expect(after).toMatchObject({
      tier: { key: "silver" },
      nextTier: { key: "gold", minPoints: 2000 },
      tierProgress: 60,
    });
  });

  it("defaults a missing multiplier to 1 and accepts an empty list to remove every tier", async () => {
    const withDefault = await env.call({
      method: "PUT",
      url: "/v1/tiers",
      payload: [{ key: "base", name: "Base", level: 0, minPoints: 0 }],
    });
    const emptied = await env.call({ method: "PUT", url: "/v1/tiers", payload: [] });

    expect(withDefault.json()).toEqual([
      { key: "base", name: "Base", level: 0, minPoints: 0, multiplier: 1 },
    ]);
    expect(emptied.json()).toEqual([]);
    expect((await env.call({ method: "GET", url: "/v1/customers/c-1200" })).json().tier).toBeNull();
  });
});
