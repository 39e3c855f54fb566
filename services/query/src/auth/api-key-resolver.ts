import { findShopByApiKey, hashApiKey, type Queryable } from "@loyalty/db";
import { LRUCache } from "lru-cache";

export interface ApiKeyIdentity {
  /** The key's row id: the rate-limit bucket. */
  id: string;
  shop: string;
}

export interface ApiKeyResolver {
  /** The shop a key acts for, or null for an unknown or revoked key. */
  resolve(key: string): Promise<ApiKeyIdentity | null>;
}

export interface ApiKeyCacheOptions {
  /**
   * How long a valid key's shop is remembered. Keeps each authenticated request at one
   * indexed select (the data it asked for); the price is that a revoked key keeps working on
   * a replica for up to this long. 0 turns the cache off.
   */
  ttlMs?: number;
  /** Most keys remembered (least recently used are dropped). */
  max?: number;
}

export const DEFAULT_API_KEY_CACHE_TTL_MS = 30_000;

/**
 * API key → shop, through a bounded LRU of valid keys. Entries are keyed by the key's SHA-256,
 * so the cache never holds a usable key. Unknown keys are not cached: they cost one indexed
 * select each, and caching them would let random keys evict the real ones. Concurrent misses
 * for one key share a single lookup (lru-cache's fetch).
 */
export function createApiKeyResolver(sql: Queryable, options: ApiKeyCacheOptions = {}): ApiKeyResolver {
  const ttl = options.ttlMs ?? DEFAULT_API_KEY_CACHE_TTL_MS;
  if (ttl <= 0) return { resolve: (key) => findShopByApiKey(sql, key) };
  const cache = new LRUCache<string, ApiKeyIdentity, string>({
    max: options.max ?? 10_000,
    ttl,
    fetchMethod: async (_hash, _stale, { context }) => (await findShopByApiKey(sql, context)) ?? undefined,
  });
  return {
    resolve: async (key) => {
      const hash = hashApiKey(key);
      // The hit path stays synchronous; fetch (which de-duplicates concurrent misses) only on a miss.
      return cache.get(hash) ?? (await cache.fetch(hash, { context: key })) ?? null;
    },
  };
}
