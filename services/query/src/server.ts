import { closeDb, createDb } from "@loyalty/db";
import {
  createLogger,
  createRegistry,
  installGracefulShutdown,
  type QueryEnv,
  ShopifyMetrics,
} from "@loyalty/platform";
import { createRedemptionService, createRedemptionWorker, shopifyAdminFromEnv } from "@loyalty/shopify-admin";
import { redisFromEnv, streamKeys, waitUntilReady } from "@loyalty/streams";
import type { FastifyInstance } from "fastify";
import { buildQueryApp } from "./app.ts";

export interface RunningQuery {
  app: FastifyInstance;
  /** Stops accepting, finishes in-flight requests, closes Postgres and Redis. */
  close: () => Promise<void>;
}

/**
 * Starts the query API on QUERY_PORT. Reads go to DATABASE_READ_URL when set (a replica),
 * writes and redemptions to DATABASE_URL. `handleSignals: false` when a parent process
 * (`loyalty start`) owns shutdown.
 */
export async function startQuery(
  config: QueryEnv,
  options: { handleSignals?: boolean } = {},
): Promise<RunningQuery> {
  const logger = createLogger({ name: "query", level: config.LOG_LEVEL });
  const primary = createDb(config.DATABASE_URL, { max: 10, applicationName: "loyalty-query" });
  const replica =
    config.DATABASE_READ_URL === undefined
      ? null
      : createDb(config.DATABASE_READ_URL, { max: 10, applicationName: "loyalty-query-read" });
  // Request mode: Redis being away fails fast; the rate limiter then fails open (Postgres still answers).
  const redis = redisFromEnv(config, "loyalty-query", "request", logger);
  await waitUntilReady(redis, 5_000).catch((error: unknown) =>
    logger.error({ err: error }, "Redis not reachable yet"),
  );
  const registry = createRegistry({ service: "query" });
  const shopifyMetrics = new ShopifyMetrics({ register: registry });
  const shopify = shopifyAdminFromEnv(config, { sql: primary.sql, metrics: shopifyMetrics });
  const issuer = {
    sql: primary.sql,
    client: shopify.client,
    now: () => new Date(),
    logger,
    metrics: shopifyMetrics,
  };
  // Retries what the inline attempt of a redemption did not finish; one per replica is safe (leases).
  const worker = createRedemptionWorker(issuer);
  const app = await buildQueryApp({
    shopify,
    shopifyMetrics,
    redemptions: createRedemptionService(issuer),
    sql: primary.sql,
    readSql: replica?.sql ?? primary.sql,
    redis,
    keys: streamKeys({ prefix: config.STREAM_PREFIX, partitions: config.STREAM_PARTITIONS }),
    config,
    logger,
    now: () => new Date(),
    registry,
  });
  // Whoever opens a resource closes it: after the server has drained its requests.
  app.addHook("onClose", async () => {
    await worker.stop();
    redis.disconnect();
    await Promise.all([closeDb(primary), ...(replica ? [closeDb(replica)] : [])]);
  });
  if (config.OPS_TOKEN === undefined) logger.info("OPS_TOKEN not set: /v1/ops answers 404");
  await app.listen({ port: config.QUERY_PORT, host: config.HOST });
  worker.start();
  if (config.SHOPIFY_ADMIN_ORIGIN !== undefined)
    logger.info(
      { origin: config.SHOPIFY_ADMIN_ORIGIN },
      "Shopify Admin API calls go to SHOPIFY_ADMIN_ORIGIN",
    );
  const close = () => app.close();
  if (options.handleSignals !== false) installGracefulShutdown({ logger, close });
  return { app, close };
}
