import type { RedisClient, StreamsLogger } from "./client.ts";
import { redisFailure } from "./errors.ts";

/**
 * Instant API-key revocation across query replicas. Each replica caches key → shop for up to
 * 30 s; `loyalty keys revoke` publishes here after its UPDATE commits, and every replica drops
 * its whole cache (revocations are rare; a cold cache costs one indexed select per key). Pub/sub
 * delivers at most once and only to connected subscribers, so a replica trusts its cache only
 * while its subscription is live: after a disconnect it reads Postgres on every request until
 * it has subscribed again, and then starts from an empty cache.
 */
export function apiKeyRevocationsChannel(prefix: string): string {
  return `${prefix}:api-keys:revoked`;
}

/** Tells every live replica to drop cached keys. Returns how many subscribers heard it. */
export async function announceApiKeyRevocation(
  redis: RedisClient,
  prefix: string,
  shop: string,
): Promise<number> {
  try {
    return await redis.publish(apiKeyRevocationsChannel(prefix), shop);
  } catch (error) {
    throw redisFailure(error, "announcing an API key revocation");
  }
}

export interface RevocationHandlers {
  /** A key of `shop` was revoked somewhere: forget cached keys. */
  onRevoked(shop: string): void;
  /** The subscription is live (true) or may be missing messages (false). */
  onLive(live: boolean): void;
}

export interface RevocationWatch {
  close(): Promise<void>;
}

/**
 * Subscribes `subscriber` (a connection of its own: a subscribed connection runs nothing else)
 * and reports revocations and liveness. Live only once SUBSCRIBE has been answered, on every
 * (re)connect; not live from the moment the connection drops.
 */
export function watchApiKeyRevocations(
  subscriber: RedisClient,
  prefix: string,
  handlers: RevocationHandlers,
  logger: StreamsLogger,
): RevocationWatch {
  const channel = apiKeyRevocationsChannel(prefix);
  let closed = false;
  const subscribe = () => {
    subscriber.subscribe(channel).then(
      () => {
        if (!closed) handlers.onLive(true);
      },
      (error: unknown) => logger.warn({ err: error, channel }, "API key revocation subscription failed"),
    );
  };
  subscriber.on("message", (from: string, shop: string) => {
    if (from === channel) handlers.onRevoked(shop);
  });
  subscriber.on("close", () => handlers.onLive(false));
  subscriber.on("ready", subscribe);
  if (subscriber.status === "ready") subscribe();
  return {
    async close() {
      closed = true;
      handlers.onLive(false);
      subscriber.disconnect();
    },
  };
}
