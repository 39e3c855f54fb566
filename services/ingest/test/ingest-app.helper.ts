import { createLogger, createRegistry } from "@loyalty/platform";
import { createRedis, type RedisClient, streamKeys } from "@loyalty/streams";
import type { FastifyInstance } from "fastify";
import type { Registry } from "prom-client";
import { buildIngestApp } from "../src/app.ts";

export const SECRET = "test-shopify-secret";
export const PARTITIONS = 4;

export interface TestIngest {
  app: FastifyInstance;
  redis: RedisClient;
  registry: Registry;
  close: () => Promise<void>;
}

/** The real ingest app over a real Redis (request mode, as in production), isolated by prefix. */
export async function buildTestIngest(redisUrl: string, prefix: string): Promise<TestIngest> {
  const redis = createRedis({ url: redisUrl, name: "ingest-test", mode: "request", logger: silent });
  const registry = createRegistry({ service: "ingest", defaultMetrics: false });
  const app = await buildIngestApp({
    logger: createLogger({ name: "ingest-test", level: "silent" }),
    registry,
    redis,
    keys: streamKeys({ prefix, partitions: PARTITIONS }),
    secrets: [SECRET, "older-secret"],
    dedupeTtlSeconds: 72 * 3600,
    bodyLimit: 1024 * 1024,
  });
  return {
    app,
    redis,
    registry,
    close: async () => {
      await app.close();
      redis.disconnect();
    },
  };
}

const silent = { warn: () => {}, error: () => {} };
