import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, type QueryTestEnv, SHOP_B } from "./support/query-app.ts";
import { seedRewards } from "./support/seed.ts";

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "settings_ok" });
});
afterAll(async () => env?.close());

const lifecycle = {
  pending: { mode: "days", days: 14 },
  expiry: { mode: "fixed", days: 365, remindDaysBefore: [30, 7] },
  timezone: "America/New_York",
  pointValue: { points: 100, amount: 1 },
};

describe("GET|PUT /v1/settings", () => {
  it("answers the defaults for a shop that never set anything", async () => {
    const response = await env.call({ method: "GET", url: "/v1/settings" });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      pending: { mode: "none" },
      expiry: { mode: "none", remindDaysBefore: [30, 7] },
      timezone: "UTC",
      pointValue: { points: 100, amount: 1 },
    });
  });

  it("stores a document and answers it back on GET", async () => {
    const put = await env.call({ method: "PUT", url: "/v1/settings", payload: lifecycle });
    const get = await env.call({ method: "GET", url: "/v1/settings" });

    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual(lifecycle);
    expect(get.json()).toEqual(lifecycle);
  });

  it("derives pointValue from the cheapest fixed-discount reward when it is not set", async () => {
    await seedRewards(env.sql, SHOP_B, [
      { key: "ten", name: "$10 off", costPoints: 800, kind: "fixed_discount", value: 10 },
      { key: "five", name: "$5 off", costPoints: 500, kind: "fixed_discount", value: 5 },
    ]);

    const response = await env.call({ method: "GET", url: "/v1/settings", key: env.keyB });

    expect(response.json().pointValue).toEqual({ points: 500, amount: 5 });
  });

  it("keeps one shop's settings from the other", async () => {
    await env.call({ method: "PUT", url: "/v1/settings", payload: lifecycle });

    const other = await env.call({ method: "GET", url: "/v1/settings", key: env.keyB });

    expect(other.json().expiry.mode).toBe("none");
  });
});
