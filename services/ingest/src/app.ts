import { createHttpApp, IngestMetrics } from "@loyalty/platform";
import { SHOPIFY_TOPICS } from "@loyalty/shopify";
import { createProducer, type RedisClient, type StreamKeys } from "@loyalty/streams";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import { webhookRoute } from "./webhook-route.ts";

export interface IngestAppOptions {
  logger: Logger;
  registry: Registry;
  redis: RedisClient;
  keys: StreamKeys;
  secrets: readonly string[];
  dedupeTtlSeconds: number;
  bodyLimit: number;
  now?: () => Date;
}

/** The ingest app as a Fastify instance that never listens (tests use `inject`). */
export async function buildIngestApp(options: IngestAppOptions): Promise<FastifyInstance> {
  const app = await createHttpApp({
    logger: options.logger,
    registry: options.registry,
    bodyLimit: options.bodyLimit,
    readiness: { redis: async () => void (await options.redis.ping()) },
  });
  const producer = createProducer({
    redis: options.redis,
    keys: options.keys,
    dedupeTtlSeconds: options.dedupeTtlSeconds,
  });
  const metrics = new IngestMetrics({ register: options.registry, topics: SHOPIFY_TOPICS });
  await app.register(webhookRoute, {
    secrets: options.secrets,
    publish: (envelope) => producer.publish(envelope),
    metrics,
    ...(options.now ? { now: options.now } : {}),
  });
  return app;
}
