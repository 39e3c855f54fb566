import { createApiKey, type Sql } from "@loyalty/db";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "@loyalty/db/testing";
import { createLogger, createRegistry, loadConfig, QueryEnv } from "@loyalty/platform";
import { shopifyAdminFromEnv } from "@loyalty/shopify-admin";
import { type ShopifyEmulator, startShopifyEmulator } from "@loyalty/shopify-emulator";
import { createRedis, type RedisClient, streamKeys, waitUntilReady } from "@loyalty/streams";
import { createTestRedis, type TestRedis } from "@loyalty/testing";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { buildQueryApp, type QueryAppOptions } from "../../src/app.ts";

export const SHOP_A = "alpha-store.myshopify.com";
export const SHOP_B = "beta-store.myshopify.com";
export const OPS_TOKEN = "ops-token-for-tests-0123456789";
export const PARTITIONS = 4;

export interface QueryTestEnv {
  app: FastifyInstance;
  db: MigratedTestDatabase;
  sql: Sql;
  redis: TestRedis;
  /** The app's own request-mode client. */
  appRedis: RedisClient;
  keys: ReturnType<typeof streamKeys>;
  /** A valid API key of SHOP_A and one of SHOP_B. */
  keyA: string;
  keyB: string;
  /** The Shopify emulator every Admin API call of the app goes to; SHOP_A and SHOP_B have tokens. */
  emulator: ShopifyEmulator;
  /** Injects with `Authorization: Bearer <key>` (SHOP_A's key unless told). */
  call: (options: InjectOptions & { key?: string | null }) => Promise<LightMyRequestResponse>;
  close: () => Promise<void>;
}

export interface QueryTestOptions {
  label: string;
  env?: Record<string, string>;
  app?: Partial<Pick<QueryAppOptions, "redemptions" | "apiKeyCache" | "now" | "hostLookup" | "adminUiDir">>;
  /** Pool size: the concurrency tests need more than one connection at once. */
  poolMax?: number;
}

/** The real query app over a cloned, migrated Postgres and a prefixed real Redis. */
export async function createQueryTestEnv(options: QueryTestOptions): Promise<QueryTestEnv> {
  const db = await createMigratedTestDatabase({ label: options.label, max: options.poolMax ?? 8 });
  const redis = await createTestRedis(options.label);
  const emulator = await startShopifyEmulator();
  const config = loadConfig(QueryEnv, {
    SHOPIFY_ADMIN_ORIGIN: emulator.origin,
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    STREAM_PREFIX: redis.prefix,
    STREAM_PARTITIONS: String(PARTITIONS),
    OPS_TOKEN,
    LOG_LEVEL: "silent",
    ...options.env,
  });
  const appRedis = createRedis({ url: redis.url, name: "query-test", mode: "request", logger: silent });
  await waitUntilReady(appRedis, 5_000);
  const keys = streamKeys({ prefix: redis.prefix, partitions: PARTITIONS });
  const shopify = shopifyAdminFromEnv(config, { sql: db.sql });
  for (const shop of [SHOP_A, SHOP_B]) {
    await shopify.store.save(shop, {
      accessToken: `shpat_test_${shop}`,
      refreshToken: null,
      accessExpiresAt: null,
      refreshExpiresAt: null,
      scope: null,
    });
  }
  const app = await buildQueryApp({
    shopify,
    sql: db.sql,
    readSql: db.sql,
    redis: appRedis,
    keys,
    config,
    logger: createLogger({ name: "query-test", level: "silent" }),
    now: () => new Date(),
    registry: createRegistry({ service: "query", defaultMetrics: false }),
    ...options.app,
  });
  await app.ready();
  const keyA = (await createApiKey(db.sql, SHOP_A)).key;
  const keyB = (await createApiKey(db.sql, SHOP_B)).key;
  return {
    app,
    db,
    sql: db.sql,
    redis,
    appRedis,
    keys,
    keyA,
    keyB,
    emulator,
    call: ({ key, headers, ...rest }) => {
      const token = key === undefined ? keyA : key;
      return app.inject({
        ...rest,
        headers: { ...headers, ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
      });
    },
    close: async () => {
      await app.close();
      await emulator.close();
      appRedis.disconnect();
      await redis.cleanup();
      await db.cleanup();
    },
  };
}

const silent = { warn: () => {}, error: () => {} };

/**
 * A redemption once its first attempt at Shopify has finished: the 201 may say `pending` when
 * this 2-core machine is busy past the 3 s budget, and the attempt then completes in the
 * background. Waits on the condition, never on a fixed time.
 */
export async function settledRedemption(env: QueryTestEnv, redemptionId: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await env.call({ method: "GET", url: `/v1/redemptions/${redemptionId}` });
    const body = response.json();
    if (body.status !== "pending" || Date.now() > deadline) return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
