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

  it("answers from its cache while trusted, until told to forget (a revocation was announced)", async () => {
    const created = await createApiKey(db.sql, SHOP);
    const cached = createApiKeyResolver(db.sql, { ttlMs: 60_000 });
    cached.setCacheTrusted(true);
    const uncached = createApiKeyResolver(db.sql, { ttlMs: 0 });
    await cached.resolve(created.key);
    await revokeApiKey(db.sql, SHOP, created.id);

    expect(await cached.resolve(created.key)).toEqual({ id: created.id, shop: SHOP });
    expect(await uncached.resolve(created.key)).toBeNull();
    cached.forgetAll();
    expect(await cached.resolve(created.key)).toBeNull();
  });

  it("reads Postgres on every request while the revocation channel is not live, and starts so", async () => {
    const created = await createApiKey(db.sql, SHOP);
    const resolver = createApiKeyResolver(db.sql, { ttlMs: 60_000 });
    await resolver.resolve(created.key);
    await revokeApiKey(db.sql, SHOP, created.id);
    expect(await resolver.resolve(created.key)).toBeNull();

    const other = await createApiKey(db.sql, SHOP);
    resolver.setCacheTrusted(true);
    await resolver.resolve(other.key);
    resolver.setCacheTrusted(false);
    await revokeApiKey(db.sql, SHOP, other.id);
    expect(await resolver.resolve(other.key)).toBeNull();
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
