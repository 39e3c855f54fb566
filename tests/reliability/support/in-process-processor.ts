import { randomUUID } from "node:crypto";
import type { Sql } from "@loyalty/db";
import { createLogger, createRegistry, ProcessorMetrics, StreamMetrics } from "@loyalty/platform";
import { createProcessor, type ProcessorOptions } from "@loyalty/processor";
import { createRedis, type StreamKeys } from "@loyalty/streams";

export interface InProcessProcessor {
  /** Warnings and errors the processor logged, one parsed JSON line each. */
  logs: Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** One processor replica inside the test process, on its own Redis clients and the given pool. */
export function startInProcessProcessor(options: {
  sql: Sql;
  redisUrl: string;
  keys: StreamKeys;
  retry: ProcessorOptions["retry"];
  batchSize?: number;
  consumer?: string;
  processingTimeoutMs?: number;
  onStuckBatch?: (stuckForMs: number) => void;
}): InProcessProcessor {
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    name: "reliability",
    level: "warn",
    destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  });
  const quiet = { warn: () => {}, error: () => {} };
  const readerRedis = createRedis({
    url: options.redisUrl,
    name: "rel-reader",
    mode: "worker",
    logger: quiet,
  });
  const redis = createRedis({ url: options.redisUrl, name: "rel-processor", mode: "worker", logger: quiet });
  const registry = createRegistry({ service: "processor", defaultMetrics: false });
  const processor = createProcessor({
    sql: options.sql,
    readerRedis,
    redis,
    keys: options.keys,
    consumer: options.consumer ?? `rel-${randomUUID().slice(0, 8)}`,
    batchSize: options.batchSize ?? 100,
    blockMs: 50,
    processingTimeoutMs: options.processingTimeoutMs ?? 10_000,
    maxDeliveries: 10,
    retry: options.retry,
    metrics: new ProcessorMetrics({ register: registry }),
    streamMetrics: new StreamMetrics({ register: registry }),
    logger,
    maintenanceIntervals: { retriesMs: 10 },
    ...(options.onStuckBatch ? { onStuckBatch: options.onStuckBatch } : {}),
  });
  processor.start();
  return {
    logs,
    async stop() {
      await processor.stop(5_000);
      readerRedis.disconnect();
      redis.disconnect();
    },
  };
}
