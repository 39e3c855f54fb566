import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyEventBatch,
  createTiersCache,
  customerProfile,
  importRules,
  loadActiveRules,
  loadTiers,
  replaceTiers,
  upsertShop,
  verifyLedger,
} from "../src/index.ts";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../src/testing.ts";
import { orderEvent } from "./support/events.ts";
import { fakeEvaluator, perDollar, TIERS } from "./support/rules.ts";

let db: MigratedTestDatabase;
beforeAll(async () => {
  db = await createMigratedTestDatabase({ label: "stores" });
});
afterAll(async () => {
  await db?.cleanup();
});

const rule = (name: string, points: number, priority = 0) => ({
  name,
  triggers: ["order.paid"],
  priority,
  conditions: { all: [] },
  actions: [{ type: "points", amount: points, reason: name }],
});

describe("rules store", () => {
  it("creates version 1, keeps it on an identical import, and writes an immutable version 2 on change", async () => {
    const shop = "rules-shop.myshopify.com";
    const [first] = await importRules(db.sql, shop, [rule("Bonus", 100)]);
    expect(first).toMatchObject({ name: "Bonus", version: 1, created: true, changed: true });
    const [same] = await importRules(db.sql, shop, [rule("Bonus", 100)]);
    expect(same).toMatchObject({ id: first!.id, version: 1, created: false, changed: false });
    const before = await loadActiveRules(db.sql, shop);
    const [second] = await importRules(db.sql, shop, [rule("Bonus", 200)]);
    expect(second).toMatchObject({ id: first!.id, version: 2, created: false, changed: true });
    const after = await loadActiveRules(db.sql, shop);
    expect(after.versionKey).not.toBe(before.versionKey);
    expect(after.rules).toEqual([
      { id: first!.id, name: "Bonus", version: 2, priority: 0, definition: rule("Bonus", 200) },
    ]);
    const versions =
      await db.sql`SELECT version, definition FROM rule_versions WHERE rule_id = ${first!.id} ORDER BY 1`;
    expect(versions.map((v) => v.definition.actions[0].amount)).toEqual([100, 200]);
  });

  it("lists active rules by priority and leaves paused ones out", async () => {
    const shop = "priority-shop.myshopify.com";
    await importRules(db.sql, shop, [
      rule("Low", 1, 1),
      rule("High", 2, 50),
      { ...rule("Paused", 3), status: "paused" },
    ]);
    const { rules } = await loadActiveRules(db.sql, shop);
    expect(rules.map((r) => r.name)).toEqual(["High", "Low"]);
  });

  it("refuses a definition without a name", async () => {
    await expect(importRules(db.sql, "x-shop.myshopify.com", [{ triggers: [] }])).rejects.toMatchObject({
      code: "invalid_rule",
    });
  });
});

describe("tiers store", () => {
  it("replaces tiers, reads them back exactly, and moves customers to their new tier", async () => {
    const shop = "tiers-shop.myshopify.com";
    await replaceTiers(db.sql, shop, TIERS);
    await applyEventBatch(db.sql, [orderEvent("order.paid", { shop, customerId: "t-1", orderId: "t-o-1" })], {
      evaluateRules: fakeEvaluator([perDollar]).evaluate,
      now: () => new Date(),
    });
    expect((await customerProfile(db.sql, shop, "t-1"))?.tier).toBe("silver");
    const cheaperGold = [
      ...TIERS.slice(0, 2),
      { key: "gold", name: "Gold", level: 2, minPoints: 150, multiplier: 1.15 },
    ];
    expect(await replaceTiers(db.sql, shop, cheaperGold)).toEqual({ changed: 1 });
    expect(await loadTiers(db.sql, shop)).toEqual(cheaperGold);
    expect((await customerProfile(db.sql, shop, "t-1"))?.tier).toBe("gold");
    expect((await verifyLedger(db.sql, { shop })).ok).toBe(true);
  });

  it("rejects invalid tiers with the path of the mistake", async () => {
    await expect(
      replaceTiers(db.sql, "tiers-shop.myshopify.com", [
        { key: "Bad Key", name: "x", level: 0, minPoints: 0 },
      ]),
    ).rejects.toMatchObject({
      code: "invalid_tiers",
      details: [expect.objectContaining({ path: [0, "key"] })],
    });
  });

  it("caches tiers per shop until the ttl passes or the shop is invalidated", async () => {
    const shop = "cache-shop.myshopify.com";
    await replaceTiers(db.sql, shop, TIERS.slice(0, 1));
    let now = 0;
    const cache = createTiersCache({ ttlMs: 1000, now: () => now });
    expect((await cache.tiersFor(db.sql, [shop])).get(shop)).toHaveLength(1);
    await replaceTiers(db.sql, shop, TIERS);
    expect((await cache.tiersFor(db.sql, [shop])).get(shop)).toHaveLength(1);
    now = 1000;
    expect((await cache.tiersFor(db.sql, [shop])).get(shop)).toHaveLength(3);
    await replaceTiers(db.sql, shop, []);
    cache.invalidate(shop);
    expect((await cache.tiersFor(db.sql, [shop])).get(shop)).toEqual([]);
  });
});

describe("shops store", () => {
  it("normalises the domain, keeps the currency, and clears uninstalled_at on reinstall", async () => {
    expect(await upsertShop(db.sql, { domain: "Upper-Shop.MyShopify.com", currency: "jpy" })).toBe(
      "upper-shop.myshopify.com",
    );
    await db.sql`UPDATE shops SET uninstalled_at = now() WHERE domain = 'upper-shop.myshopify.com'`;
    await upsertShop(db.sql, { domain: "upper-shop.myshopify.com", installedAt: new Date() });
    const [row] =
      await db.sql`SELECT currency, uninstalled_at FROM shops WHERE domain = 'upper-shop.myshopify.com'`;
    expect(row).toEqual({ currency: "JPY", uninstalled_at: null });
    await expect(upsertShop(db.sql, { domain: "example.com" })).rejects.toMatchObject({
      code: "invalid_shop_domain",
    });
  });
});
