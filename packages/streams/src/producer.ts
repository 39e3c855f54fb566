import { type EventEnvelope, LoyaltyError, partitionFor } from "@loyalty/core";
import type { RedisClient } from "./client.ts";
import { validateEnvelope } from "./entry-codec.ts";
import { redisFailure, STREAM_ERROR_CODES } from "./errors.ts";
import type { StreamKeys } from "./keys.ts";
import { defineScripts } from "./scripts.ts";

/**
 * How long a webhook id is remembered. Shopify retries a failed delivery for about 4 hours
 * and occasionally redelivers much later (replays after an incident); 72 h covers both with
 * room to spare, and a marker costs ~100 bytes.
 */
export const DEFAULT_DEDUPE_TTL_SECONDS = 72 * 60 * 60;

export interface PublishResult {
  status: "accepted" | "duplicate";
  eventId: string;
  partition: number;
  /** The stream entry id; null for a duplicate (nothing was written). */
  streamId: string | null;
}

export interface Producer {
  /**
   * Validates the envelope, picks its partition and appends it unless its webhook id was
   * seen within the dedupe TTL — from any shop: Shopify's webhook ids are globally unique,
   * so the same id under another X-Shopify-Shop-Domain (an unsigned header) is a replay. Throws `invalid_envelope` for a bad envelope,
   * `redis_unavailable` when Redis cannot take it now (answer 503), `redis_error` otherwise.
   */
  publish(envelope: EventEnvelope): Promise<PublishResult>;
}

export interface ProducerOptions {
  redis: RedisClient;
  keys: StreamKeys;
  dedupeTtlSeconds?: number;
}

export function createProducer(options: ProducerOptions): Producer {
  const { redis, keys } = options;
  const ttl = options.dedupeTtlSeconds ?? DEFAULT_DEDUPE_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1) throw new RangeError(`dedupeTtlSeconds must be ≥ 1, got ${ttl}`);
  defineScripts(redis);
  return {
    async publish(input) {
      // Partition and dedupe key come from the normalised envelope, the same one readers see.
      const envelope = validateEnvelope(input);
      const partition = partitionFor(
        { shop: envelope.shop, customerId: envelope.customerId, orderId: envelope.orderId },
        keys.partitions,
      );
      let streamId: string | null;
      try {
        /*
         * Two steps, each safe to repeat: (1) claim the id for this shop, globally; (2) the
         * atomic per-partition dedupe + XADD. They cannot be one script: the owner key is not
         * in the partition's Cluster slot (its shop and so its partition are what a replay
         * changes). A crash between them leaves the id claimed by the right shop, whose retry
         * passes (1) and publishes in (2); only another shop is ever turned away at (1).
         */
        const owner = await redis.loyaltyClaimWebhookId(
          keys.webhookOwner(envelope.webhookId),
          envelope.shop,
          ttl,
        );
        if (owner !== null && owner !== envelope.shop) {
          return { status: "duplicate", eventId: envelope.id, partition, streamId: null };
        }
        streamId = await redis.loyaltyPublish(
          keys.dedupe(partition, envelope.shop, envelope.webhookId),
          keys.events(partition),
          envelope.id,
          ttl,
          JSON.stringify(envelope),
        );
      } catch (error) {
        throw redisFailure(error, "publishing an event");
      }
      return {
        status: streamId === null ? "duplicate" : "accepted",
        eventId: envelope.id,
        partition,
        streamId,
      };
    },
  };
}

/**
 * Appends one entry with the given fields (the outbox relay's XADD). Never trims: trimming is
 * the janitor's job, by MINID, so unread entries are never dropped.
 */
export async function appendToStream(
  redis: RedisClient,
  key: string,
  fields: Readonly<Record<string, string>>,
): Promise<string> {
  const flat = Object.entries(fields).flat();
  if (flat.length === 0) throw new RangeError("a stream entry needs at least one field");
  let id: string | null;
  try {
    id = await redis.xadd(key, "*", ...flat);
  } catch (error) {
    throw redisFailure(error, `appending to ${key}`);
  }
  // XADD returns nil only with NOMKSTREAM on a missing key, which we never send.
  if (id === null) throw new LoyaltyError(STREAM_ERROR_CODES.redisError, `XADD to ${key} returned no id`);
  return id;
}
