import { LoyaltyError } from "@loyalty/core";
import { Cluster, Redis, type RedisOptions } from "ioredis";
import { STREAM_ERROR_CODES } from "./errors.ts";

export type RedisClient = Redis | Cluster;

/** The part of a pino logger we use; a pino logger (or child) fits as is. */
export interface StreamsLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * `request`: the client of a request handler (ingest, query). `worker`: the client of a
 * background loop (processor, dispatcher, relay) that may block on reads.
 */
export type RedisMode = "request" | "worker";

export interface CreateRedisOptions {
  /** Standalone server; ignored when `clusterNodes` is given. Defaults to the local server. */
  url?: string;
  /** Redis Cluster seed nodes (`host:port` or `redis://…`); any reachable one will do. */
  clusterNodes?: string[];
  /** Shown in CLIENT LIST (`CLIENT SETNAME`), so an operator can tell connections apart. No spaces. */
  name: string;
  mode: RedisMode;
  /** Where connection errors go. Defaults to the console: they are never swallowed. */
  logger?: StreamsLogger;
}

export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
/** Shopify waits 5 s for our answer; a Redis call must fail well before that so we can answer 503. */
export const REQUEST_COMMAND_TIMEOUT_MS = 1_500;
const REQUEST_CONNECT_TIMEOUT_MS = 2_000;
const MAX_RECONNECT_DELAY_MS = 2_000;

const consoleLogger: StreamsLogger = {
  warn: (obj, msg) => console.warn(msg ?? "", obj),
  error: (obj, msg) => console.error(msg ?? "", obj),
};

/**
 * Reconnect forever, backing off 100 ms, 200 ms, … up to 2 s. A service without Redis is
 * useless but not broken: it must come back on its own once Redis does (restart, failover,
 * network blip) instead of exiting and relying on an orchestrator that may not exist.
 */
export function reconnectDelay(attempt: number): number {
  return Math.min(50 * 2 ** Math.min(attempt, 16), MAX_RECONNECT_DELAY_MS);
}

/**
 * After a failover the old primary may come back as a replica while we still hold a connection
 * to it: every write then fails with READONLY. Reconnecting (DNS/sentinel/cluster now point at
 * the new primary) and resending the command (2) is safe — the replica executed nothing.
 */
export function reconnectOnError(error: Error): boolean | 1 | 2 {
  return error.message.startsWith("READONLY") ? 2 : false;
}

function modeOptions(mode: RedisMode): RedisOptions {
  if (mode === "request") {
    // Fail fast instead of queueing: with the offline queue off, a command while disconnected is
    // rejected at once, and commandTimeout bounds a command on a connection that went quiet.
    // The handler answers 503 and Shopify retries — a hanging request would be worse.
    return {
      enableOfflineQueue: false,
      commandTimeout: REQUEST_COMMAND_TIMEOUT_MS,
      connectTimeout: REQUEST_CONNECT_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
    };
  }
  // Workers have no caller waiting: queue while disconnected and wait for Redis however long it
  // takes. No commandTimeout and no per-request retry limit, or blocking XREADGROUP … BLOCK
  // calls would be cut off (or rejected after 20 reconnects) during an outage.
  return { enableOfflineQueue: true, maxRetriesPerRequest: null };
}

/**
 * One factory for every Redis connection. Blocking reads (XREADGROUP BLOCK) hold their
 * connection until they return: give a blocking reader its own client from this factory.
 */
export function createRedis(options: CreateRedisOptions): RedisClient {
  const logger = options.logger ?? consoleLogger;
  const redisOptions: RedisOptions = {
    connectionName: options.name,
    retryStrategy: reconnectDelay,
    reconnectOnError,
    // TCP keep-alive lets the OS notice a peer that vanished without closing the socket.
    keepAlive: 10_000,
    ...modeOptions(options.mode),
  };
  const client: RedisClient =
    options.clusterNodes && options.clusterNodes.length > 0
      ? new Cluster(options.clusterNodes, {
          redisOptions,
          // Streams are read and written by consumer groups: reading a lagging replica would
          // re-deliver or miss entries, so every command goes to the primary.
          scaleReads: "master",
          enableOfflineQueue: redisOptions.enableOfflineQueue,
          clusterRetryStrategy: reconnectDelay,
        })
      : new Redis(options.url ?? DEFAULT_REDIS_URL, redisOptions);
  // ioredis emits 'error' on every failed (re)connect; an EventEmitter 'error' without a
  // listener crashes the process, and a silent listener would hide an outage.
  client.on("error", (error: Error) => {
    logger.error({ err: error, redis: options.name }, "Redis connection error");
  });
  if (client instanceof Cluster) {
    client.on("node error", (error: Error, node: string) => {
      logger.warn({ err: error, redis: options.name, node }, "Redis Cluster node error");
    });
  }
  return client;
}

/**
 * Resolves once the client is ready. Request-mode clients reject commands until then, so a
 * service awaits this before it starts listening.
 */
export function waitUntilReady(redis: RedisClient, timeoutMs: number): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  if (redis.status === "end") return Promise.reject(notReady("the client was closed"));
  return new Promise((resolve, reject) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      redis.off("ready", onReady);
      reject(notReady(`not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    redis.once("ready", onReady);
  });
}

function notReady(reason: string): LoyaltyError {
  return new LoyaltyError(STREAM_ERROR_CODES.redisUnavailable, `Redis unavailable: ${reason}`);
}
