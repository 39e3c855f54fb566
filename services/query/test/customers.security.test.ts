import { createApiKey, revokeApiKey } from "@loyalty/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectApiKeyRefusals } from "./support/auth-cases.ts";
import { createQueryTestEnv, type QueryTestEnv, SHOP_A, SHOP_B } from "./support/query-app.ts";
import { seedCustomer } from "./support/seed.ts";

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "cust_sec" });
  await seedCustomer(env.sql, SHOP_A, "shared-id", [{ delta: 100 }]);
  await seedCustomer(env.sql, SHOP_B, "only-in-b", [{ delta: 900 }]);
  await seedCustomer(env.sql, SHOP_B, "shared-id", [{ delta: 555 }]);
});
afterAll(async () => env?.close());

describe("GET /v1/customers/:customerId security", () => {
  it("answers 404 for another shop's customer, exactly as for an unknown one", async () => {
    const foreign = await env.call({ method: "GET", url: "/v1/customers/only-in-b" });
    const unknown = await env.call({ method: "GET", url: "/v1/customers/only-in-nowhere" });

    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error).toBe(unknown.json().error);
  });

  it("scopes a customer id that exists in two shops to the key's shop", async () => {
    const a = await env.call({ method: "GET", url: "/v1/customers/shared-id", key: env.keyA });
    const b = await env.call({ method: "GET", url: "/v1/customers/shared-id", key: env.keyB });

    expect(a.json().balance).toBe(100);
    expect(b.json().balance).toBe(555);
  });

  it("refuses a missing, malformed, unknown or revoked API key with 401", async () => {
    await expectApiKeyRefusals(env, { method: "GET", url: "/v1/customers/shared-id" });
  });

  it("stops accepting a revoked key once its cache entry is gone", async () => {
    const uncached = await createQueryTestEnv({
      label: "cust_sec_nocache",
      app: { apiKeyCache: { ttlMs: 0 } },
    });
    try {
      await seedCustomer(uncached.sql, SHOP_A, "c-1", [{ delta: 1 }]);
      const key = await createApiKey(uncached.sql, SHOP_A);
      const before = await uncached.call({ method: "GET", url: "/v1/customers/c-1", key: key.key });
      await revokeApiKey(uncached.sql, SHOP_A, key.id);
      const after = await uncached.call({ method: "GET", url: "/v1/customers/c-1", key: key.key });

      expect(before.statusCode).toBe(200);
      expect(after.statusCode).toBe(401);
    } finally {
      await uncached.close();
    }
  });

  it("rate-limits each API key on its own, answering 429 rate_limited past RATE_LIMIT_MAX", async () => {
    const limited = await createQueryTestEnv({ label: "cust_sec_rl", env: { RATE_LIMIT_MAX: "3" } });
    try {
      await seedCustomer(limited.sql, SHOP_A, "c-1", [{ delta: 1 }]);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await limited.call({ method: "GET", url: "/v1/customers/c-1" })).statusCode);
      }
      const limitedAnswer = await limited.call({ method: "GET", url: "/v1/customers/c-1" });
      const otherKey = await limited.call({ method: "GET", url: "/v1/customers/c-1", key: limited.keyB });

      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(limitedAnswer.json()).toMatchObject({ error: "rate_limited" });
      expect(limitedAnswer.headers["retry-after"]).toBeDefined();
      expect(otherKey.statusCode).toBe(404);
      const counters = await limited.redis.client.keys(`${limited.redis.prefix}:rate-limit:*`);
      expect(counters).toHaveLength(2);
    } finally {
      await limited.close();
    }
  });

  it("sends helmet's security headers and no CORS headers by default", async () => {
    const response = await env.call({
      method: "GET",
      url: "/v1/customers/shared-id",
      headers: { origin: "https://evil.example" },
    });

    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("answers CORS preflights only for the origins in CORS_ORIGINS", async () => {
    const cors = await createQueryTestEnv({
      label: "cust_sec_cors",
      env: { CORS_ORIGINS: "https://admin.example" },
    });
    try {
      const allowed = await cors.app.inject({
        method: "OPTIONS",
        url: "/v1/customers/x",
        headers: { origin: "https://admin.example", "access-control-request-method": "GET" },
      });
      const refused = await cors.app.inject({
        method: "OPTIONS",
        url: "/v1/customers/x",
        headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
      });

      expect(allowed.headers["access-control-allow-origin"]).toBe("https://admin.example");
      expect(refused.headers["access-control-allow-origin"]).toBeUndefined();
    } finally {
      await cors.close();
    }
  });
});
