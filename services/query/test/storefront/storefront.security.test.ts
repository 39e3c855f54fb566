import { customerProfile } from "@loyalty/db";
import { signAppProxyQuery } from "@loyalty/shopify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OTHER_SHOP, type QueryTestApp, SECRET, SHOP } from "../rules/query-test-app.ts";
import {
  ADA,
  BOB,
  buildStorefront,
  graphql,
  NOW,
  PROFILE_QUERY,
  proxied,
  REDEEM_MUTATION,
} from "./storefront-fixture.ts";

let t: QueryTestApp;
beforeAll(async () => {
  t = await buildStorefront("storefront-security");
});
afterAll(() => t.close());

const rest = (url: string) => t.app.inject({ method: "GET", url });
const nowSeconds = Math.floor(NOW.getTime() / 1000);

describe("the App Proxy signature decides who is asking", () => {
  it("refuses a request signed with a secret we do not hold (REST and GraphQL)", async () => {
    const forged = await rest(proxied("/storefront/profile", { secret: "attacker-secret" }));
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ error: "invalid_signature", details: [] });

    const { statusCode, body } = await graphql(t, PROFILE_QUERY, { secret: "attacker-secret" });
    expect(statusCode).toBe(401);
    expect(body.data ?? null).toBeNull();
    expect(body.errors[0].extensions.code).toBe("invalid_signature");
  });

  it("refuses a request with no signature at all", async () => {
    const response = await rest(`/storefront/profile?shop=${SHOP}&logged_in_customer_id=${ADA}`);
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toBe("invalid_signature");
    const bare = await rest("/storefront/profile");
    expect(bare.statusCode).toBe(401);
  });

  it("refuses a signed request whose timestamp is more than 300 s old or ahead", async () => {
    for (const timestamp of [nowSeconds - 301, nowSeconds + 301]) {
      const response = await rest(proxied("/storefront/profile", { timestamp }));
      expect(response.statusCode).toBe(401);
      expect(response.json().error).toBe("expired_signature");
      const { statusCode, body } = await graphql(t, PROFILE_QUERY, { timestamp });
      expect(statusCode).toBe(401);
      expect(body.errors[0].extensions.code).toBe("expired_signature");
    }
    const fresh = await rest(proxied("/storefront/profile", { timestamp: nowSeconds - 299 }));
    expect(fresh.statusCode).toBe(200);
  });
});

describe("a shopper reaches only their own points", () => {
  it("refuses a signed URL whose logged_in_customer_id was changed afterwards", async () => {
    const url = proxied("/storefront/profile").replace(
      `logged_in_customer_id=${ADA}`,
      `logged_in_customer_id=${BOB}`,
    );
    const response = await rest(url);
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toBe("invalid_signature");
  });

  it("ignores any other parameter naming a customer: the profile is always the signed-in one", async () => {
    const response = await rest(
      proxied("/storefront/profile", { extra: { customerId: BOB, customer_id: BOB } }),
    );
    expect(response.json().customerId).toBe(ADA);
  });

  it("offers no GraphQL argument that names a customer", async () => {
    const { body } = await graphql(t, `{ loyaltyProfile(customerId: "${BOB}") { balance } }`);
    expect(body.data ?? null).toBeNull();
    expect(body.errors[0].message).toMatch(/Unknown argument "customerId"/);
    const redeem = await graphql(t, REDEEM_MUTATION, {
      variables: { input: { rewardId: "5-off", idempotencyKey: "k", customerId: BOB } },
    });
    expect(redeem.body.data ?? null).toBeNull();
    expect((await customerProfile(t.deps.sql, SHOP, BOB))?.balance).toBe(650);
  });

  it("keeps the shop fixed by the signature: the same customer id in another shop has nothing", async () => {
    const response = await rest(proxied("/storefront/profile", { shop: OTHER_SHOP }));
    expect(response.json()).toMatchObject({ customerId: ADA, balance: 0, transactions: [] });
  });

  it("never hands one shopper another's redemption through a reused idempotency key", async () => {
    const ada = await graphql(t, REDEEM_MUTATION, {
      variables: { input: { rewardId: "free-ship", idempotencyKey: "shared-key" } },
    });
    const bob = await graphql(t, REDEEM_MUTATION, {
      customer: BOB,
      variables: { input: { rewardId: "free-ship", idempotencyKey: "shared-key" } },
    });
    expect(bob.body.data.redeemReward.redemptionId).not.toBe(ada.body.data.redeemReward.redemptionId);
    expect((await customerProfile(t.deps.sql, SHOP, BOB))?.balance).toBe(350);
  });
});

describe("without a signed-in shopper", () => {
  it("answers 401 sign_in_required on the REST profile", async () => {
    const response = await rest(proxied("/storefront/profile", { customer: null }));
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({
      error: "sign_in_required",
      message: "Sign in to your account to see and use your points.",
      details: [],
    });
  });

  it("answers a sign_in_required error for loyaltyProfile and redeemReward, and redeems nothing", async () => {
    const before = await t.deps.sql`SELECT count(*)::int AS n FROM redemptions`;
    const profile = await graphql(t, PROFILE_QUERY, { customer: null });
    expect(profile.body.data.loyaltyProfile).toBeNull();
    expect(profile.body.errors[0].extensions.code).toBe("sign_in_required");

    const redeem = await graphql(t, REDEEM_MUTATION, {
      customer: null,
      variables: { input: { rewardId: "5-off", idempotencyKey: "anon" } },
    });
    expect(redeem.body.data.redeemReward).toBeNull();
    expect(redeem.body.errors[0].extensions.code).toBe("sign_in_required");
    expect(await t.deps.sql`SELECT count(*)::int AS n FROM redemptions`).toEqual(before);
  });

  it("treats a missing logged_in_customer_id parameter like an empty one", async () => {
    const params = { shop: SHOP, path_prefix: "/apps/loyalty", timestamp: String(nowSeconds) };
    const signature = signAppProxyQuery(params, SECRET);
    const response = await rest(`/storefront/profile?${new URLSearchParams({ ...params, signature })}`);
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toBe("sign_in_required");
  });
});

describe("cross-site requests", () => {
  it("refuses a GraphQL mutation sent as a simple (form-like) request, spending nothing", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: proxied("/graphql"),
      headers: { "content-type": "text/plain" },
      payload: JSON.stringify({
        query: REDEEM_MUTATION,
        variables: { input: { rewardId: "5-off", idempotencyKey: "csrf" } },
      }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].message).toMatch(/Cross-Site Request Forgery/);
    const [row] = await t.deps
      .sql`SELECT count(*)::int AS n FROM redemptions WHERE idempotency_key LIKE '%csrf'`;
    expect(row!.n).toBe(0);
  });
});

describe("internal failures", () => {
  it("never shows a shopper the message of an unexpected error", async () => {
    const { toGraphQLError } = await import("../../src/routes/storefront/graphql/errors.ts");
    const logged: unknown[] = [];
    const log = { error: (entry: unknown) => logged.push(entry) } as unknown as Parameters<
      typeof toGraphQLError
    >[1];
    const error = toGraphQLError(new Error('relation "customers" does not exist'), log);
    expect(error.message).not.toMatch(/customers/);
    expect(error.extensions).toEqual({ code: "internal_error", details: [] });
    expect(logged).toHaveLength(1);
  });
});
