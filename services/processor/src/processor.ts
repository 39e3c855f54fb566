import { setTimeout as sleep } from "node:timers/promises";
import { applyEventBatch, createTiersCache, type Sql } from "@loyalty/db";
import type { ProcessorMetrics, StreamMetrics } from "@loyalty/platform";
import {
  createBackoff,
  createGroupReader,
  PROCESSOR_GROUP,
  type RedisClient,
  type StreamKeys,
} from "@loyalty/streams";
import type { Logger } from "pino";
import {
  type ApplyBatch,
  createBatchProcessor,
  createChunkedProcessor,
  envelopeJsonOf,
} from "./batch-processor.ts";
import { createSettler, type RetryPolicy } from "./batch-settler.ts";
import { createConsumerLoop } from "./consumer-loop.ts";
import { createMaintenance, type MaintenanceOptions } from "./maintenance.ts";
import { createRuleProvider } from "./rule-provider.ts";

export interface ProcessorOptions {
  sql: Sql;
  /** Dedicated to the blocking XREADGROUP. */
  readerRedis: RedisClient;
  /** Everything else: acks, retries, DLQ, claims, status. */
  redis: RedisClient;
  keys: StreamKeys;
  consumer: string;
  batchSize: number;
  blockMs: number;
  processingTimeoutMs: number;
  maxDeliveries: number;
  retry: RetryPolicy;
  metrics: ProcessorMetrics;
  streamMetrics: StreamMetrics;
  logger: Logger;
  now?: () => number;
  random?: () => number;
  maintenanceIntervals?: MaintenanceOptions["intervals"];
  /** See MaintenanceOptions: a batch in hand this long is released to other replicas and reported. */
  stuckBatchMs?: number;
  onStuckBatch?: (stuckForMs: number) => void;
  /**
   * Ledger batches in flight at once (default 2): one is decided in Node while Postgres
   * writes the other. Each holds a pool connection while it runs.
   */
  pipelineDepth?: number;
}

/** Wires reader → ledger → settler into a loop plus its maintenance jobs. No listening, no signals. */
export function createProcessor(options: ProcessorOptions) {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const { keys, logger, metrics } = options;
  const reader = createGroupReader({
    redis: options.readerRedis,
    group: PROCESSOR_GROUP,
    consumer: options.consumer,
    streams: keys.all().map((partition) => ({ partition, key: keys.events(partition) })),
    count: options.batchSize,
    blockMs: options.blockMs,
  });
  const rules = createRuleProvider({ sql: options.sql, logger, metrics, refreshMs: 1_000, now });
  const tiers = createTiersCache({ ttlMs: 5_000, now });
  const applyBatch: ApplyBatch = async (events) => {
    await rules.prepare(events.map((event) => event.shop));
    return applyEventBatch(options.sql, events, {
      evaluateRules: rules.evaluateRules,
      now: () => new Date(now()),
      tiersFor: tiers.tiersFor,
      envelopeJson: envelopeJsonOf,
    });
  };
  const settler = createSettler({
    redis: options.redis,
    reader,
    keys,
    policy: options.retry,
    metrics,
    now,
    random,
  });
  const processBatch = createBatchProcessor({
    applyBatch,
    settler,
    metrics,
    logger,
    maxDeliveries: options.maxDeliveries,
    clock: now,
  });
  const backoff = createBackoff({
    baseMs: 200,
    capMs: 30_000,
    jitterRatio: 0.2,
    random,
    sleep: (ms, signal) => sleep(ms, undefined, { signal }),
  });
  const processRead = createChunkedProcessor({
    processBatch,
    batchSize: options.batchSize,
    depth: options.pipelineDepth ?? 2,
  });
  // The loop hands over whole reads; processRead splits them into batches (see there).
  const loop = createConsumerLoop({
    reader,
    processBatch: processRead,
    batchSize: Number.MAX_SAFE_INTEGER,
    backoff,
    logger,
    now,
  });
  const maintenance = createMaintenance({
    redis: options.redis,
    keys,
    consumer: options.consumer,
    loop,
    streamMetrics: options.streamMetrics,
    logger,
    processingTimeoutMs: options.processingTimeoutMs,
    maxDeliveries: options.maxDeliveries,
    now,
    ...(options.maintenanceIntervals ? { intervals: options.maintenanceIntervals } : {}),
    ...(options.stuckBatchMs === undefined ? {} : { stuckBatchMs: options.stuckBatchMs }),
    ...(options.onStuckBatch ? { onStuckBatch: options.onStuckBatch } : {}),
  });

  return {
    start(): void {
      loop.start();
      maintenance.start();
    },
    /** Stops reading, finishes the batch in hand (bounded by deadlineMs), stops maintenance. */
    async stop(deadlineMs = 10_000): Promise<void> {
      await maintenance.stop();
      await loop.stop(deadlineMs);
      reader.close();
    },
  };
}
