import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, type QueryTestEnv } from "./support/query-app.ts";

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "rewards_happy" });
});
afterAll(async () => env?.close());

const REWARDS_FILE = [
  { key: "5-off", name: "$5 off", costPoints: 500, kind: "fixed_discount", value: 5 },
  { key: "free-ship", name: "Free shipping", costPoints: 300, kind: "free_shipping" },
  { key: "pct-10", name: "10% off", costPoints: 900, kind: "percent_discount", value: 10 },
];

// Rewards stored without the optional Shopify settings answer them as null.
const NO_OPTIONS = { expiresInDays: null, minimumSubtotal: null, combinesWith: null };

describe("GET|POST /v1/rewards", () => {
  it("stores the rewards file and answers each reward as stored, defaults filled in", async () => {
    const response = await env.call({ method: "POST", url: "/v1/rewards", payload: REWARDS_FILE });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([
      {
        key: "5-off",
        name: "$5 off",
        costPoints: 500,
        kind: "fixed_discount",
        value: 5,
        active: true,
        ...NO_OPTIONS,
      },
      {
        key: "free-ship",
        name: "Free shipping",
        costPoints: 300,
        kind: "free_shipping",
        // 0 in the file: no cap, which the reward stores as null ("any shipping price").
        value: null,
        active: true,
        ...NO_OPTIONS,
      },
      {
        key: "pct-10",
        name: "10% off",
        costPoints: 900,
        kind: "percent_discount",
        value: 10,
        active: true,
        ...NO_OPTIONS,
      },
    ]);
  });

  it("lists the shop's rewards cheapest first", async () => {
    await env.call({ method: "POST", url: "/v1/rewards", payload: REWARDS_FILE });

    const response = await env.call({ method: "GET", url: "/v1/rewards" });

    expect(response.json().map((r: { key: string }) => r.key)).toEqual(["free-ship", "5-off", "pct-10"]);
  });

  it("upserts a single reward object by key, deactivating it and keeping decimal values exact", async () => {
    const response = await env.call({
      method: "POST",
      url: "/v1/rewards",
      payload: {
        key: "5-off",
        name: "$5.50 off",
        costPoints: 550,
        kind: "fixed_discount",
        value: 5.5,
        active: false,
      },
    });
    const listed = (await env.call({ method: "GET", url: "/v1/rewards" })).json();

    expect(response.json()).toEqual([
      {
        key: "5-off",
        name: "$5.50 off",
        costPoints: 550,
        kind: "fixed_discount",
        value: 5.5,
        active: false,
        ...NO_OPTIONS,
      },
    ]);
    expect(listed.filter((r: { key: string }) => r.key === "5-off")).toHaveLength(1);
  });
});
