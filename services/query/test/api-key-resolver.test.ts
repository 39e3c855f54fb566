import { createApiKey, revokeApiKey } from "@loyalty/db";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "@loyalty/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKeyResolver } from "../src/auth/api-key-resolver.ts";

const SHOP = "resolver-shop.myshopify.com";
let db: MigratedTestDatabase;
beforeAll(async () => {
  db = await createMigratedTestDatabase({ label: "resolver" });
});
afterAll(async () => db?.cleanup());

describe("createApiKeyResolver", () => {
  it("resolves a key to its shop and id", async () => {
    const created = await createApiKey(db.sql, SHOP);

    expect(await createApiKeyResolver(db.sql).resolve(created.key)).toEqual({ id: created.id, shop: SHOP });
  });

  it("answers from its cache within the TTL, so a revocation takes effect when the entry expires", async () => {
    const created = await createApiKey(db.sql, SHOP);
    const cached = createApiKeyResolver(db.sql, { ttlMs: 60_000 });
    const uncached = createApiKeyResolver(db.sql, { ttlMs: 0 });
    await cached.resolve(created.key);
    await revokeApiKey(db.sql, SHOP, created.id);

    expect(await cached.resolve(created.key)).toEqual({ id: created.id, shop: SHOP });
    expect(await uncached.resolve(created.key)).toBeNull();
  });

  it("does not remember unknown keys, so a key created later works at once", async () => {
    const resolver = createApiKeyResolver(db.sql);
    const random = Buffer.alloc(32, 7);
    const key = `lsk_${random.toString("base64url")}`;

    const before = await resolver.resolve(key);
    await createApiKey(db.sql, SHOP, { random: () => random });

    expect(before).toBeNull();
    expect(await resolver.resolve(key)).toMatchObject({ shop: SHOP });
  });

  it("answers twenty concurrent requests for one cold key alike", async () => {
    const created = await createApiKey(db.sql, SHOP);
    const resolver = createApiKeyResolver(db.sql);

    const results = await Promise.all(Array.from({ length: 20 }, () => resolver.resolve(created.key)));

    expect(new Set(results.map((r) => r?.id))).toEqual(new Set([created.id]));
  });
});
