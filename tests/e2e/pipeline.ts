import { randomUUID } from "node:crypto";
import { customerProfile, importRules, replaceTiers, verifyLedger } from "@loyalty/db";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "@loyalty/db/testing";
import { buildIngestApp } from "@loyalty/ingest";
import { createLogger, createRegistry, ProcessorMetrics, StreamMetrics } from "@loyalty/platform";
import { createProcessor } from "@loyalty/processor";
import { shopifyWebhookHeaders } from "@loyalty/shopify";
import { createRedis, type RedisClient, type StreamKeys, streamKeys, waitUntilReady } from "@loyalty/streams";
import { createTestRedis, FIXTURE_SHOP, readShopifyFixture, type TestRedis } from "@loyalty/testing";
import type { FastifyInstance } from "fastify";

export const SECRET = "e2e-secret";
export const SHOP = FIXTURE_SHOP;

/** CONTRACT.md's sample rule plus a 1-point-per-dollar rate rule. */
export const SAMPLE_RULES = [
  {
    name: "First order bonus",
    triggers: ["order.paid"],
    priority: 10,
    conditions: {
      all: [
        { fact: "order", path: "$.total", operator: "greaterThanInclusive", value: 100 },
        { fact: "customer", path: "$.ordersCount", operator: "equal", value: 1 },
      ],
    },
    actions: [{ type: "points", amount: 500, reason: "First order bonus" }],
    startsAt: null,
    endsAt: null,
  },
  {
    name: "1 point per dollar",
    triggers: ["order.paid"],
    priority: 0,
    conditions: { all: [] },
    actions: [{ type: "points", rate: { points: 1, per: 1 }, base: "subtotal" }],
  },
];

export const SAMPLE_TIERS = [
  { key: "bronze", name: "Bronze", level: 0, minPoints: 0, multiplier: 1 },
  { key: "silver", name: "Silver", level: 1, minPoints: 600, multiplier: 1.5 },
];

const silent = createLogger({ name: "e2e", level: "silent" });

export interface Pipeline {
  redis: TestRedis;
  database: MigratedTestDatabase;
  keys: StreamKeys;
  ingest: FastifyInstance;
  /** Posts a body as Shopify would (signed); returns the ingest answer. */
  post(
    body: Buffer | string,
    topic: string,
    webhookId?: string,
  ): Promise<{ statusCode: number; body: { status: string; eventId?: string } }>;
  postFixture(name: string, topic: string, webhookId?: string): ReturnType<Pipeline["post"]>;
  startProcessor(): void;
  stopProcessor(): Promise<void>;
  profile(customerId: string): ReturnType<typeof customerProfile>;
  /** Polls until `check` returns true or the timeout passes (then throws with the last value). */
  waitFor<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs?: number): Promise<T>;
  verify(): ReturnType<typeof verifyLedger>;
  close(): Promise<void>;
}

/** Ingest (inject) → real Redis streams → processor loop → real Postgres, isolated per file. */
export async function createPipeline(
  label: string,
  options: { rules?: unknown[]; tiers?: unknown[] } = {},
): Promise<Pipeline> {
  const redis = await createTestRedis(label);
  const database = await createMigratedTestDatabase({ label });
  const keys = streamKeys({ prefix: redis.prefix, partitions: 4 });
  await importRules(database.sql, SHOP, options.rules ?? SAMPLE_RULES);
  await replaceTiers(database.sql, SHOP, options.tiers ?? SAMPLE_TIERS);

  const ingestRedis = createRedis({ url: redis.url, name: "e2e-ingest", mode: "request", logger: silent });
  await waitUntilReady(ingestRedis, 5_000);
  const ingest = await buildIngestApp({
    logger: silent,
    registry: createRegistry({ service: "ingest", defaultMetrics: false }),
    redis: ingestRedis,
    keys,
    secrets: [SECRET],
    dedupeTtlSeconds: 72 * 3600,
    bodyLimit: 1 << 20,
  });

  const clients: RedisClient[] = [ingestRedis];
  let processor: ReturnType<typeof createProcessor> | null = null;

  const pipeline: Pipeline = {
    redis,
    database,
    keys,
    ingest,
    async post(body, topic, webhookId = randomUUID()) {
      const headers = shopifyWebhookHeaders({ body, secret: SECRET, topic, shop: SHOP, webhookId });
      const response = await ingest.inject({
        method: "POST",
        url: "/webhooks/shopify",
        payload: body,
        headers,
      });
      return { statusCode: response.statusCode, body: response.json() };
    },
    postFixture(name, topic, webhookId) {
      return pipeline.post(readShopifyFixture(name), topic, webhookId);
    },
    startProcessor() {
      const readerRedis = createRedis({ url: redis.url, name: "e2e-reader", mode: "worker", logger: silent });
      const opsRedis = createRedis({ url: redis.url, name: "e2e-processor", mode: "worker", logger: silent });
      clients.push(readerRedis, opsRedis);
      const registry = createRegistry({ service: "processor", defaultMetrics: false });
      processor = createProcessor({
        sql: database.sql,
        readerRedis,
        redis: opsRedis,
        keys,
        consumer: `e2e-${randomUUID().slice(0, 8)}`,
        batchSize: 100,
        blockMs: 50,
        processingTimeoutMs: 5_000,
        maxDeliveries: 10,
        retry: { maxAttempts: 20, baseMs: 20, capMs: 200, jitterRatio: 0 },
        metrics: new ProcessorMetrics({ register: registry }),
        streamMetrics: new StreamMetrics({ register: registry }),
        logger: silent,
        maintenanceIntervals: { retriesMs: 20 },
      });
      processor.start();
    },
    async stopProcessor() {
      await processor?.stop(5_000);
      processor = null;
    },
    profile: (customerId) => customerProfile(database.sql, SHOP, customerId),
    async waitFor(read, check, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let value = await read();
      while (!check(value)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting; last value: ${JSON.stringify(value)}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
        value = await read();
      }
      return value;
    },
    verify: () => verifyLedger(database.sql),
    async close() {
      await pipeline.stopProcessor();
      await ingest.close();
      for (const client of clients) client.disconnect();
      await database.cleanup();
      await redis.cleanup();
    },
  };
  return pipeline;
}

/** A fixture with its order (and customer) ids replaced, so one file can run many orders. */
export function fixtureWith(name: string, replace: Record<string, string>): string {
  let text = readShopifyFixture(name).toString("utf8");
  for (const [from, to] of Object.entries(replace)) text = text.split(from).join(to);
  return text;
}
