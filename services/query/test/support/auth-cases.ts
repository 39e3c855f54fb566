import { createApiKey, revokeApiKey } from "@loyalty/db";
import type { InjectOptions } from "fastify";
import { expect } from "vitest";
import { type QueryTestEnv, SHOP_A } from "./query-app.ts";

/**
 * Every way a request can fail to authenticate, each asserted to answer 401 with the error
 * body and a Bearer challenge: no header, a non-Bearer scheme, a made-up key, a revoked key.
 */
export async function expectApiKeyRefusals(env: QueryTestEnv, request: InjectOptions): Promise<void> {
  const revoked = await createApiKey(env.sql, SHOP_A, { label: "revoked" });
  await revokeApiKey(env.sql, SHOP_A, revoked.id);
  const attempts = [
    env.call({ ...request, key: null }),
    env.call({ ...request, key: null, headers: { authorization: `Basic ${btoa("user:pass")}` } }),
    env.call({ ...request, key: "lsk_thisKeyWasNeverIssuedToAnyShopAtAll000000" }),
    env.call({ ...request, key: "not-even-a-key" }),
    env.call({ ...request, key: revoked.key }),
  ];
  for (const response of await Promise.all(attempts)) {
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({
      error: "unauthorized",
      message: expect.any(String),
      details: [],
    });
    expect(response.headers["www-authenticate"]).toMatch(/^Bearer/);
  }
}
