import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { findEndpointForDelivery, type Sql } from "@loyalty/db";
import type { HostLookup, OutboundPolicy, WebhookMetrics } from "@loyalty/platform";
import {
  createBackoff,
  createGroupReader,
  DISPATCHER_GROUP,
  type RedisClient,
  type StreamKeys,
  webhooksLane,
} from "@loyalty/streams";
import type { Logger } from "pino";
import { createDeliveryHandler } from "./deliver.ts";
import { createDeliveryLoop } from "./delivery-loop.ts";
import { createEndpointCache } from "./endpoint-cache.ts";
import { createHttpSender } from "./http-sender.ts";
import { createMaintenance, type MaintenanceOptions } from "./maintenance.ts";
import { createOutboxRelay } from "./outbox-relay.ts";
import { createSettler, type DeferPolicy, type RetryPolicy } from "./settle.ts";

export interface DispatcherOptions {
  sql: Sql;
  /** Dedicated to the blocking XREADGROUP. */
  readerRedis: RedisClient;
  /** Acks, retries, DLQ, claims, keep-alive. */
  redis: RedisClient;
  /** The relay's XADDs; a "request"-mode client (see OutboxRelayOptions.redis). Defaults to `redis`. */
  relayRedis?: RedisClient;
  keys: StreamKeys;
  consumer: string;
  /** WEBHOOK_TIMEOUT_MS: connect + headers + body of one POST. */
  timeoutMs: number;
  /** WEBHOOK_MAX_ATTEMPTS. */
  maxAttempts: number;
  /** WEBHOOK_CONCURRENCY: deliveries in flight per replica. */
  concurrency: number;
  metrics: WebhookMetrics;
  logger: Logger;
  /** Where deliveries may go (NODE_ENV, WEBHOOK_ALLOWED_HOSTS): checked on every attempt and connect. */
  outboundPolicy: OutboundPolicy;
  /** Resolver under the connect-time check; default: the system's. */
  hostLookup?: HostLookup;
  /** In flight per endpoint (default 4, capped at concurrency − 1). */
  perEndpoint?: number;
  /** Waiting in memory per endpoint beyond that (default 32); the rest are put back. */
  queuePerEndpoint?: number;
  retry?: Partial<RetryPolicy>;
  defer?: Partial<DeferPolicy>;
  /** XREADGROUP BLOCK (default 1000 ms). */
  blockMs?: number;
  /** How long an endpoint's secret and state are trusted (default 5 s). */
  endpointCacheMs?: number;
  /** Idle time before another replica takes a delivery over (default max(60 s, 4 × timeout)). */
  claimIdleMs?: number;
  maxDeliveries?: number;
  /** Relay settings; `enabled: false` runs delivery only. */
  relay?: { enabled?: boolean; batchSize?: number; idleMs?: number };
  outboxRetentionMs?: number;
  maintenanceIntervals?: MaintenanceOptions["intervals"];
  now?: () => number;
  random?: () => number;
}

/**
 * Retries over about three hours by default (30 s doubling to the 1 h cap, 10 attempts): long
 * enough to ride out a receiver's deploy or short outage, as Shopify does for its own webhooks.
 */
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 30_000, capMs: 3_600_000, jitterRatio: 0.2 };
export const DEFAULT_DEFER: DeferPolicy = { baseMs: 500, capMs: 10_000 };
const SEVEN_DAYS_MS = 7 * 24 * 3_600_000;

/** Relay + delivery loop + maintenance of one replica. No listening, no signals. */
export function createDispatcher(options: DispatcherOptions) {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const { keys, logger } = options;
  const lane = webhooksLane(keys);
  const abortController = new AbortController();
  const backoffFor = () =>
    createBackoff({
      baseMs: 200,
      capMs: 30_000,
      jitterRatio: 0.2,
      random,
      sleep: (ms, signal) => sleep(ms, undefined, { signal }),
    });
  const reader = createGroupReader({
    redis: options.readerRedis,
    group: DISPATCHER_GROUP,
    consumer: options.consumer,
    streams: keys.all().map((partition) => ({ partition, key: keys.webhooks(partition) })),
    count: options.concurrency,
    blockMs: options.blockMs ?? 1_000,
  });
  const settler = createSettler({
    redis: options.redis,
    reader,
    lane,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    defer: { ...DEFAULT_DEFER, ...options.defer },
    now,
    random,
  });
  const sender = createHttpSender({
    timeoutMs: options.timeoutMs,
    connectionsPerOrigin: options.concurrency,
    policy: options.outboundPolicy,
    ...(options.hostLookup ? { lookup: options.hostLookup } : {}),
  });
  const stepBackoff = backoffFor();
  const deliver = createDeliveryHandler({
    sql: options.sql,
    endpoints: createEndpointCache({
      load: (id) => findEndpointForDelivery(options.sql, id),
      ttlMs: options.endpointCacheMs ?? 5_000,
      now,
    }),
    sender,
    settler,
    metrics: options.metrics,
    logger,
    maxAttempts: options.maxAttempts,
    now,
    clock: () => performance.now(),
    abort: abortController.signal,
    pause: (failures, signal) =>
      sleep(Math.min(200 * 2 ** Math.min(failures, 8), 30_000), undefined, { signal }),
  });
  const loop = createDeliveryLoop({
    reader,
    settler,
    deliver,
    metrics: options.metrics,
    logger,
    backoff: stepBackoff,
    concurrency: options.concurrency,
    perEndpoint: options.perEndpoint ?? 4,
    queuePerEndpoint: options.queuePerEndpoint ?? 32,
    abortController,
  });
  const relayEnabled = options.relay?.enabled ?? true;
  const relay = createOutboxRelay({
    sql: options.sql,
    redis: options.relayRedis ?? options.redis,
    keys,
    batchSize: options.relay?.batchSize ?? 100,
    idleMs: options.relay?.idleMs ?? 200,
    backoff: backoffFor(),
    logger,
  });
  const maintenance = createMaintenance({
    redis: options.redis,
    sql: options.sql,
    lane,
    consumer: options.consumer,
    loop,
    logger,
    claimIdleMs: options.claimIdleMs ?? Math.max(60_000, 4 * options.timeoutMs),
    maxDeliveries: options.maxDeliveries ?? 10,
    outboxRetentionMs: options.outboxRetentionMs ?? SEVEN_DAYS_MS,
    now,
    ...(options.maintenanceIntervals ? { intervals: options.maintenanceIntervals } : {}),
  });

  return {
    start(): void {
      if (relayEnabled) relay.start();
      loop.start();
      maintenance.start();
    },
    /**
     * Stops the relay (its batch in hand commits) and reading; deliveries that never got a slot
     * are handed back; those in flight finish (recorded, settled) up to deadlineMs, then are
     * aborted and stay pending for a takeover. Closes the HTTP agent; the caller closes clients.
     */
    async stop(deadlineMs = 10_000): Promise<void> {
      await relay.stop();
      await maintenance.stop(); // first: a claim now would only strand entries in this replica
      await loop.stop(deadlineMs);
      reader.close();
      await sender.close();
    },
    /** One relay step, for tests and tools. */
    relayOnce: relay.relayOnce,
    get inFlight(): number {
      return loop.inFlight;
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
