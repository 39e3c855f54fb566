import type { Tier } from "@loyalty/core";
import type { Queryable } from "../db.ts";
import { loadTiersOfShops } from "../tiers-store.ts";

/** Loads the tiers of several shops at once (in the batch's transaction). */
export type TiersLoader = (
  sql: Queryable,
  shops: readonly string[],
) => Promise<ReadonlyMap<string, readonly Tier[]>>;

export interface TiersCache {
  tiersFor: TiersLoader;
  /** Forget one shop (after `replaceTiers`) or all. */
  invalidate(shop?: string): void;
}

/**
 * Tiers change rarely and are read by every batch: keep them for `ttlMs` per shop. A stale
 * entry at most delays a new threshold by ttlMs; `loyalty verify` and the next event of the
 * customer bring the tier back in step.
 */
export function createTiersCache(options: { ttlMs?: number; now?: () => number } = {}): TiersCache {
  const ttlMs = options.ttlMs ?? 30_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { tiers: readonly Tier[]; until: number }>();
  return {
    async tiersFor(sql, shops) {
      const at = now();
      const missing = shops.filter((shop) => (entries.get(shop)?.until ?? 0) <= at);
      if (missing.length > 0) {
        const loaded = await loadTiersOfShops(sql, missing);
        for (const shop of missing) entries.set(shop, { tiers: loaded.get(shop) ?? [], until: at + ttlMs });
      }
      return new Map(shops.map((shop) => [shop, entries.get(shop)?.tiers ?? []]));
    },
    invalidate(shop) {
      if (shop === undefined) entries.clear();
      else entries.delete(shop);
    },
  };
}
