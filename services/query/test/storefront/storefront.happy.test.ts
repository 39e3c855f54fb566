import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueryTestApp } from "../rules/query-test-app.ts";
import { OLD_SECRET } from "../rules/query-test-app.ts";
import {
  ADA,
  buildStorefront,
  graphql,
  NEWCOMER,
  PROFILE_QUERY,
  proxied,
  REDEEM_MUTATION,
} from "./storefront-fixture.ts";

let t: QueryTestApp;
beforeAll(async () => {
  t = await buildStorefront("storefront-happy");
});
afterAll(() => t.close());

const profile = (options: Parameters<typeof proxied>[1] = {}, path = "/storefront/profile") =>
  t.app.inject({ method: "GET", url: proxied(path, options) });

describe("GET /storefront/profile", () => {
  it("answers the signed-in shopper's balance, tier and recent transactions", async () => {
    const response = await profile();
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      customerId: ADA,
      balance: 650,
      lifetimePoints: 650,
      tier: { key: "silver", name: "Silver", level: 1 },
      nextTier: null,
      tierProgress: 100,
    });
    expect(body.transactions.map((row: { delta: number; kind: string }) => [row.kind, row.delta])).toEqual([
      ["earn", 150],
      ["earn", 500],
    ]);
    expect(body.transactions[0]).toEqual({
      id: expect.any(String),
      delta: 150,
      kind: "earn",
      reason: "1 point per dollar",
      orderId: "8000000000001",
      createdAt: expect.any(String),
    });
  });

  it("limits the transactions to ?limit", async () => {
    const response = await profile({ extra: { limit: "1" } });
    expect(response.json().transactions).toHaveLength(1);
  });

  it("answers a zero profile at the entry tier for a shopper who has earned nothing yet", async () => {
    const response = await profile({ customer: NEWCOMER });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      customerId: NEWCOMER,
      balance: 0,
      lifetimePoints: 0,
      pendingPoints: 0,
      expiringPoints: [],
      tier: { key: "bronze", name: "Bronze", level: 0 },
      nextTier: { key: "silver", name: "Silver", minPoints: 600 },
      tierProgress: 0,
      transactions: [],
    });
  });

  it("accepts a request signed with a secret that is still accepted during rotation", async () => {
    const response = await profile({ secret: OLD_SECRET });
    expect(response.statusCode).toBe(200);
    expect(response.json().customerId).toBe(ADA);
  });
});

describe("POST /graphql", () => {
  it("answers loyaltyProfile with the same values as the REST profile", async () => {
    const rest = (await profile({ extra: { limit: "5" } })).json();
    const { statusCode, body } = await graphql(t, PROFILE_QUERY);
    expect(statusCode).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.loyaltyProfile).toEqual(rest);
  });

  it("lists the shop's active rewards, cheapest first, to anyone with a valid signature", async () => {
    const { body } = await graphql(t, "{ rewards { id name costPoints kind value } }", { customer: null });
    expect(body.data.rewards).toEqual([
      { id: "free-ship", name: "Free shipping", costPoints: 300, kind: "free_shipping", value: 0 },
      { id: "5-off", name: "$5 off", costPoints: 500, kind: "fixed_discount", value: 5 },
      { id: "big", name: "$100 off", costPoints: 10_000, kind: "fixed_discount", value: 100 },
    ]);
  });

  it("redeems a reward: deducts the points, keeps lifetime points, answers a discount code", async () => {
    const { statusCode, body } = await graphql(t, REDEEM_MUTATION, {
      variables: { input: { rewardId: "5-off", idempotencyKey: "redeem-1" } },
    });
    expect(statusCode).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.redeemReward).toEqual({
      redemptionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: expect.stringMatching(/^(issued|pending)$/),
      pointsDeducted: 500,
      balance: 150,
      code: body.data.redeemReward.status === "issued" ? expect.stringMatching(/^LOYAL-/) : null,
    });
    const after = (await profile()).json();
    expect(after).toMatchObject({ balance: 150, lifetimePoints: 650, tier: { key: "silver" } });
    expect(after.transactions[0]).toMatchObject({ kind: "redeem", delta: -500 });
  });

  it("answers the same redemption again for the same idempotency key, spending nothing more", async () => {
    const first = await graphql(t, REDEEM_MUTATION, {
      variables: { input: { rewardId: "5-off", idempotencyKey: "redeem-1" } },
    });
    const again = await graphql(t, REDEEM_MUTATION, {
      variables: { input: { rewardId: "5-off", idempotencyKey: "redeem-1" } },
    });
    expect(again.body.data.redeemReward).toEqual(first.body.data.redeemReward);
    expect((await profile()).json().balance).toBe(150);
  });

  it("tells the shopper they cannot afford a reward, with a code to branch on", async () => {
    const { body } = await graphql(t, REDEEM_MUTATION, {
      variables: { input: { rewardId: "big", idempotencyKey: "redeem-2" } },
    });
    expect(body.data.redeemReward).toBeNull();
    expect(body.errors[0]).toMatchObject({
      message: "You have 150 points; this reward costs 10000.",
      extensions: { code: "insufficient_points" },
    });
  });

  it("reports an unknown or inactive reward by code", async () => {
    const unknown = await graphql(t, REDEEM_MUTATION, {
      variables: { input: { rewardId: "nope", idempotencyKey: "redeem-3" } },
    });
    expect(unknown.body.errors[0].extensions.code).toBe("reward_not_found");
    const inactive = await graphql(t, REDEEM_MUTATION, {
      variables: { input: { rewardId: "retired", idempotencyKey: "redeem-4" } },
    });
    expect(inactive.body.errors[0].extensions.code).toBe("reward_inactive");
  });

  it("documents both storefront routes in the OpenAPI document", async () => {
    const response = await t.app.inject({ method: "GET", url: "/docs/json" });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/storefront/profile", "/graphql"]));
    // Every $ref points at a schema the document holds (nested conditions are described, not referenced).
    const refs = JSON.stringify(doc).match(/"\$ref":"#\/components\/schemas\/[^"]+"/g) ?? [];
    for (const ref of refs) {
      const name = ref.split("/").pop()!.replace(/"$/, "");
      expect(doc.components?.schemas?.[name], ref).toBeDefined();
    }
  });
});
