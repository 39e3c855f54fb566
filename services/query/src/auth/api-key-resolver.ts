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
  /** Drops every cached key (a key was revoked somewhere). */
  forgetAll(): void;
  /**
   * Whether cached keys may be used: only while revocations can reach us (the Redis
   * subscription is live). Untrusted, every request reads Postgres. Starts untrusted.
   */
  setCacheTrusted(trusted: boolean): void;
}

export interface ApiKeyCacheOptions {
  /**
   * How long a valid key's shop is remembered. Keeps each authenticated request at one
   * indexed select (the data it asked for). Revocations are announced over Redis and clear
   * it at once (see watchApiKeyRevocations); the TTL only bounds how long a key revoked
   * without an announcement (SQL by hand) keeps working. 0 turns the cache off.
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
  const uncached = (key: string) => findShopByApiKey(sql, key);
  if (ttl <= 0) return { resolve: uncached, forgetAll: () => {}, setCacheTrusted: () => {} };
  const cache = new LRUCache<string, ApiKeyIdentity, string>({
    max: options.max ?? 10_000,
    ttl,
    fetchMethod: async (_hash, _stale, { context }) => (await findShopByApiKey(sql, context)) ?? undefined,
  });
  let trusted = false;
  return {
    resolve: async (key) => {
      if (!trusted) return uncached(key);
      const hash = hashApiKey(key);
      // The hit path stays synchronous; fetch (which de-duplicates concurrent misses) only on a miss.
      return cache.get(hash) ?? (await cache.fetch(hash, { context: key })) ?? null;
    },
    forgetAll: () => cache.clear(),
    setCacheTrusted: (value) => {
      // Either way the cache starts empty: what it held may predate a missed revocation.
      cache.clear();
      trusted = value;
    },
  };
}
