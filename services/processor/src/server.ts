import { closeDb, createDb, ensureEventPartitions } from "@loyalty/db";
import {
  createHttpApp,
  createLogger,
  createRegistry,
  flushLogger,
  installGracefulShutdown,
  type ProcessorEnv,
  ProcessorMetrics,
  StreamMetrics,
} from "@loyalty/platform";
import { consumerName, redisFromEnv, streamKeys, warnUnlessNoEviction } from "@loyalty/streams";
import { createProcessor } from "./processor.ts";

export interface RunningProcessor {
  consumer: string;
  close: () => Promise<void>;
}

/** Starts one processor replica with its health/metrics server on METRICS_PORT. */
export async function startProcessor(
  config: ProcessorEnv,
  options: { handleSignals?: boolean } = {},
): Promise<RunningProcessor> {
  const consumer = config.CONSUMER_NAME ?? consumerName();
  const logger = createLogger({ name: "processor", level: config.LOG_LEVEL }).child({ consumer });
  const registry = createRegistry({ service: "processor" });
  const database = createDb(config.DATABASE_URL, {
    max: 4,
    applicationName: `loyalty-processor ${consumer}`,
  });
  const readerRedis = redisFromEnv(config, "loyalty-processor-reader", "worker", logger);
  const redis = redisFromEnv(config, "loyalty-processor", "worker", logger);
  void warnUnlessNoEviction(redis, logger);
  await ensureEventPartitions(database.sql, { from: new Date(), monthsAhead: 2 }).catch((error: unknown) =>
    logger.warn(
      { err: error },
      "could not create event archive partitions yet (the default partition takes rows meanwhile)",
    ),
  );

  const processor = createProcessor({
    sql: database.sql,
    readerRedis,
    redis,
    keys: streamKeys({ prefix: config.STREAM_PREFIX, partitions: config.STREAM_PARTITIONS }),
    consumer,
    batchSize: config.BATCH_SIZE,
    blockMs: config.BLOCK_MS,
    processingTimeoutMs: config.PROCESSING_TIMEOUT_MS,
    maxDeliveries: config.MAX_DELIVERIES,
    retry: {
      maxAttempts: config.MAX_ATTEMPTS,
      baseMs: config.RETRY_BASE_MS,
      capMs: config.RETRY_CAP_MS,
      jitterRatio: 0.2,
    },
    metrics: new ProcessorMetrics({ register: registry }),
    streamMetrics: new StreamMetrics({ register: registry }),
    logger,
    // Crash-only: a batch that never returns holds a pool connection (and maybe row locks)
    // that nothing in-process can free. Its entries are pending and its transaction dies
    // with the process, so exiting loses nothing; the orchestrator starts a fresh replica.
    onStuckBatch: () => {
      void flushLogger(logger).finally(() => process.exit(1));
    },
  });

  const app = await createHttpApp({
    logger,
    registry,
    readiness: {
      redis: async () => void (await redis.ping()),
      postgres: async () => void (await database.sql`SELECT 1`),
    },
  });
  await app.listen({ port: config.METRICS_PORT, host: config.HOST });
  processor.start();
  logger.info({ partitions: config.STREAM_PARTITIONS }, "processor started");

  const close = async () => {
    await processor.stop(10_000);
    await app.close();
    readerRedis.disconnect();
    await redis.quit().catch(() => redis.disconnect());
    await closeDb(database);
  };
  if (options.handleSignals !== false) installGracefulShutdown({ logger, close });
  return { consumer, close };
}
