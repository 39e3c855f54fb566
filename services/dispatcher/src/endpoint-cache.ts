import type { EndpointForDelivery } from "@loyalty/db";

export interface EndpointCacheOptions {
  load: (endpointId: string) => Promise<EndpointForDelivery | null>;
  /** How long a looked-up endpoint (or its absence) is trusted: how late a rotation or deletion may apply. */
  ttlMs: number;
  now: () => number;
  /** Entries kept at most; the oldest go first. */
  maxEntries?: number;
}

/**
 * Endpoint rows for the deliveries, cached briefly: a burst of deliveries to one endpoint costs
 * one query, yet a rotated secret or a deletion applies within ttlMs. Concurrent lookups of one
 * endpoint share one query. Failed lookups are not cached.
 */
export function createEndpointCache(options: EndpointCacheOptions) {
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, { value: EndpointForDelivery | null; at: number }>();
  const loading = new Map<string, Promise<EndpointForDelivery | null>>();

  async function get(endpointId: string): Promise<EndpointForDelivery | null> {
    const cached = cache.get(endpointId);
    if (cached && options.now() - cached.at < options.ttlMs) return cached.value;
    const inFlight = loading.get(endpointId);
    if (inFlight) return inFlight;
    const promise = options
      .load(endpointId)
      .then((value) => {
        cache.delete(endpointId);
        cache.set(endpointId, { value, at: options.now() });
        if (cache.size > maxEntries) {
          const oldest = cache.keys().next();
          if (!oldest.done) cache.delete(oldest.value);
        }
        return value;
      })
      .finally(() => loading.delete(endpointId));
    loading.set(endpointId, promise);
    return promise;
  }

  return { get, invalidate: (endpointId: string) => cache.delete(endpointId) };
}

export type EndpointCache = ReturnType<typeof createEndpointCache>;
