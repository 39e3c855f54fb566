import { closeDb, createDb } from "@loyalty/db";
import {
  createHttpApp,
  createLogger,
  createOutboundPolicy,
  createRegistry,
  type DispatcherEnv,
  installGracefulShutdown,
  WebhookMetrics,
} from "@loyalty/platform";
import { consumerName, redisFromEnv, streamKeys, warnUnlessNoEviction } from "@loyalty/streams";
import { createDispatcher } from "./dispatcher.ts";

export interface RunningDispatcher {
  consumer: string;
  /** Where the health/metrics server listens (useful with METRICS_PORT=0). */
  address: string;
  close: () => Promise<void>;
}

/**
 * Time in-flight deliveries get to finish at shutdown: one request timeout plus a margin,
 * kept under the graceful-shutdown delay and the pod's terminationGracePeriodSeconds (45 s).
 */
export function shutdownDeadlineMs(timeoutMs: number): number {
  return Math.min(timeoutMs + 1_000, 30_000);
}

/** Starts one dispatcher replica (relay + delivery) with its health/metrics server on METRICS_PORT. */
export async function startDispatcher(
  config: DispatcherEnv,
  options: { handleSignals?: boolean } = {},
): Promise<RunningDispatcher> {
  const consumer = consumerName();
  const logger = createLogger({ name: "dispatcher", level: config.LOG_LEVEL }).child({ consumer });
  const registry = createRegistry({ service: "dispatcher" });
  const database = createDb(config.DATABASE_URL, {
    // Every in-flight delivery may look up, dedupe and record at once, plus the relay.
    max: Math.min(4 + Math.ceil(config.WEBHOOK_CONCURRENCY / 4), 20),
    applicationName: `loyalty-dispatcher ${consumer}`,
  });
  const readerRedis = redisFromEnv(config, "loyalty-dispatcher-reader", "worker", logger);
  const redis = redisFromEnv(config, "loyalty-dispatcher", "worker", logger);
  const relayRedis = redisFromEnv(config, "loyalty-dispatcher-relay", "request", logger);
  void warnUnlessNoEviction(redis, logger);

  const dispatcher = createDispatcher({
    sql: database.sql,
    readerRedis,
    redis,
    relayRedis,
    keys: streamKeys({ prefix: config.STREAM_PREFIX, partitions: config.STREAM_PARTITIONS }),
    consumer,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    concurrency: config.WEBHOOK_CONCURRENCY,
    metrics: new WebhookMetrics({ register: registry }),
    logger,
    outboundPolicy: createOutboundPolicy({
      production: config.NODE_ENV === "production",
      allowedHosts: config.WEBHOOK_ALLOWED_HOSTS,
    }),
  });

  const app = await createHttpApp({
    logger,
    registry,
    readiness: {
      redis: async () => void (await redis.ping()),
      postgres: async () => void (await database.sql`SELECT 1`),
    },
  });
  const address = await app.listen({ port: config.METRICS_PORT, host: config.HOST });
  dispatcher.start();
  logger.info(
    { partitions: config.STREAM_PARTITIONS, concurrency: config.WEBHOOK_CONCURRENCY, address },
    "dispatcher started",
  );

  const deadlineMs = shutdownDeadlineMs(config.WEBHOOK_TIMEOUT_MS);
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await dispatcher.stop(deadlineMs);
      await app.close();
      readerRedis.disconnect();
      relayRedis.disconnect();
      await redis.quit().catch(() => redis.disconnect());
      await closeDb(database);
    })();
    return closing;
  };
  if (options.handleSignals !== false)
    installGracefulShutdown({ logger, close, delayMs: deadlineMs + 5_000 });
  return { consumer, address, close };
}
