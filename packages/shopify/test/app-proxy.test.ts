import { describe, expect, it } from "vitest";
import { type AppProxyQuery, signAppProxyQuery, verifyAppProxySignature } from "../src/index.ts";

const SECRET = "hush";
const NOW = new Date("2026-11-22T15:00:00Z");
const nowSeconds = String(NOW.getTime() / 1000);

function signed(params: AppProxyQuery): AppProxyQuery {
  return { ...params, signature: signAppProxyQuery(params, SECRET) };
}

const base = {
  shop: "analytical-engines.myshopify.com",
  logged_in_customer_id: "7390283726001",
  path_prefix: "/apps/loyalty",
  timestamp: nowSeconds,
};

describe("verifyAppProxySignature", () => {
  it("reproduces the example in Shopify's App Proxy documentation", () => {
    const query = {
      extra: ["1", "2"],
      shop: "shop-name.myshopify.com",
      logged_in_customer_id: "1",
      path_prefix: "/apps/awesome_reviews",
      timestamp: "1317327555",
      signature: "4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb",
    };
    expect(verifyAppProxySignature(query, SECRET, { now: new Date(1317327555_000) })).toEqual({
      ok: true,
      shop: "shop-name.myshopify.com",
      loggedInCustomerId: "1",
    });
  });

  it("accepts a fresh signed request and names its shop and customer", () => {
    expect(verifyAppProxySignature(signed(base), SECRET, { now: NOW })).toEqual({
      ok: true,
      shop: "analytical-engines.myshopify.com",
      loggedInCustomerId: "7390283726001",
    });
  });

  it("gives no customer when nobody is logged in", () => {
    const result = verifyAppProxySignature(signed({ ...base, logged_in_customer_id: "" }), SECRET, {
      now: NOW,
    });
    expect(result).toMatchObject({ ok: true, loggedInCustomerId: null });
  });

  it("joins repeated parameters with commas, in the order they came", () => {
    const query = signed({ ...base, extra: ["1", "2"] });
    expect(verifyAppProxySignature(query, SECRET, { now: NOW }).ok).toBe(true);
    expect(verifyAppProxySignature({ ...query, extra: ["2", "1"] }, SECRET, { now: NOW }).ok).toBe(false);
    expect(verifyAppProxySignature({ ...query, extra: "1,2" }, SECRET, { now: NOW }).ok).toBe(true);
  });

  it("refuses a forged customer id as invalid_signature", () => {
    const forged = { ...signed(base), logged_in_customer_id: "1" };
    const result = verifyAppProxySignature(forged, SECRET, { now: NOW });
    expect(result.ok === false && result.error.code).toBe("invalid_signature");
  });

  it("refuses a request signed with another secret, or with no or a malformed signature", () => {
    const cases: AppProxyQuery[] = [
      { ...base, signature: signAppProxyQuery(base, "other") },
      base,
      { ...base, signature: "zz" },
      { ...base, signature: ["a", "b"] },
    ];
    for (const query of cases) {
      const result = verifyAppProxySignature(query, SECRET, { now: NOW });
      expect(result.ok === false && result.error.code).toBe("invalid_signature");
    }
  });

  it("refuses a signed request older or newer than the allowed age as expired_signature", () => {
    const old = signed({ ...base, timestamp: String(NOW.getTime() / 1000 - 301) });
    const future = signed({ ...base, timestamp: String(NOW.getTime() / 1000 + 301) });
    for (const query of [old, future]) {
      const result = verifyAppProxySignature(query, SECRET, { now: NOW });
      expect(result.ok === false && result.error.code).toBe("expired_signature");
    }
    expect(verifyAppProxySignature(old, SECRET, { now: NOW, maxAgeSeconds: 600 }).ok).toBe(true);
  });

  it("refuses a signed request without a timestamp as expired_signature", () => {
    const { timestamp: _timestamp, ...withoutTimestamp } = base;
    const result = verifyAppProxySignature(signed(withoutTimestamp), SECRET, { now: NOW });
    expect(result.ok === false && result.error.code).toBe("expired_signature");
  });

  it("refuses a signed request that names no valid shop", () => {
    const result = verifyAppProxySignature(signed({ ...base, shop: "evil.example.com" }), SECRET, {
      now: NOW,
    });
    expect(result.ok === false && result.error.code).toBe("invalid_signature");
  });
});
