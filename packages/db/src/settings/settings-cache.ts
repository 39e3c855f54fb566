import type { Queryable } from "../db.ts";
import { loadSettingsOfShops } from "./settings-store.ts";
import type { ShopSettings } from "./shop-settings.ts";

/** Loads the settings of several shops at once (in the batch's transaction). */
export type SettingsLoader = (
  sql: Queryable,
  shops: readonly string[],
) => Promise<ReadonlyMap<string, ShopSettings>>;

export interface SettingsCache {
  settingsFor: SettingsLoader;
  invalidate(shop?: string): void;
}

/**
 * Settings change rarely and every batch needs them: kept `ttlMs` per shop, like the tiers
 * (a PUT reaches every processor within the TTL; events keep their order meanwhile).
 */
export function createSettingsCache(options: { ttlMs?: number; now?: () => number } = {}): SettingsCache {
  const ttlMs = options.ttlMs ?? 30_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { settings: ShopSettings; until: number }>();
  return {
    async settingsFor(sql, shops) {
      const at = now();
      const missing = shops.filter((shop) => (entries.get(shop)?.until ?? 0) <= at);
      if (missing.length > 0) {
        const loaded = await loadSettingsOfShops(sql, missing);
        for (const [shop, settings] of loaded) entries.set(shop, { settings, until: at + ttlMs });
      }
      return new Map(shops.map((shop) => [shop, entries.get(shop)!.settings]));
    },
    invalidate(shop) {
      if (shop === undefined) entries.clear();
      else entries.delete(shop);
    },
  };
}
