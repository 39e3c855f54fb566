import type { MigratedTestDatabase } from "@loyalty/db/testing";
import { createLogger, createOutboundPolicy, createRegistry, WebhookMetrics } from "@loyalty/platform";
import { createRedis, type RedisClient, type StreamKeys, streamKeys, waitUntilReady } from "@loyalty/streams";
import type { TestRedis } from "@loyalty/testing";
import { createDispatcher, type Dispatcher, type DispatcherOptions } from "../src/dispatcher.ts";

export const silent = createLogger({ name: "dispatcher-test", level: "silent" });

export interface Harness {
  dispatcher: Dispatcher;
  keys: StreamKeys;
  metrics: WebhookMetrics;
  /** Attempts counted per outcome. */
  counted(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

let sequence = 0;

/**
 * A dispatcher over the test's Redis (its own key prefix per harness, so groups and lanes never
 * leak between tests) and database, with small delays so retries happen within a test.
 */
export async function createHarness(
  redis: TestRedis,
  database: MigratedTestDatabase,
  overrides: Partial<DispatcherOptions> = {},
): Promise<Harness> {
  const keys = streamKeys({ prefix: `${redis.prefix}:h${++sequence}`, partitions: 2 });
  const clients: RedisClient[] = [
    createRedis({ url: redis.url, name: "dispatcher-test-reader", mode: "worker", logger: silent }),
    createRedis({ url: redis.url, name: "dispatcher-test", mode: "worker", logger: silent }),
  ];
  for (const client of clients) await waitUntilReady(client, 5_000);
  const [readerRedis, workRedis] = clients as [RedisClient, RedisClient];
  const metrics = new WebhookMetrics({
    register: createRegistry({ service: "dispatcher", defaultMetrics: false }),
  });
  const dispatcher = createDispatcher({
    sql: database.sql,
    readerRedis,
    redis: workRedis,
    keys,
    consumer: `test-${sequence}`,
    timeoutMs: 2_000,
    maxAttempts: 5,
    concurrency: 8,
    metrics,
    logger: silent,
    // The receivers of these tests listen on loopback, which the policy refuses unless allowed.
    outboundPolicy: createOutboundPolicy({ production: false, allowedHosts: ["127.0.0.1"] }),
    retry: { baseMs: 50, capMs: 1_000, jitterRatio: 0 },
    defer: { baseMs: 20, capMs: 200 },
    blockMs: 50,
    endpointCacheMs: 0,
    relay: { idleMs: 20 },
    maintenanceIntervals: { retriesMs: 20 },
    random: () => 0,
    ...overrides,
  });
  return {
    dispatcher,
    keys,
    metrics,
    async counted() {
      const { values } = await metrics.deliveriesTotal.get();
      return Object.fromEntries(values.map((v) => [String(v.labels.outcome), v.value]));
    },
    async close() {
      await dispatcher.stop(500);
      for (const client of clients) client.disconnect();
    },
  };
}
