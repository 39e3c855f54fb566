import { createMigratedTestDatabase, type MigratedTestDatabase } from "@loyalty/db/testing";
import { createHttpApp, createLogger, createRegistry, QueryEnv } from "@loyalty/platform";
import { createRedemptionService, shopifyAdminFromEnv } from "@loyalty/shopify-admin";
import { type ShopifyEmulator, startShopifyEmulator } from "@loyalty/shopify-emulator";
import { streamKeys } from "@loyalty/streams";
import { createTestRedis, FIXTURE_SHOP, type TestRedis } from "@loyalty/testing";
import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { QueryDeps } from "../../src/deps.ts";
import { registerDocs } from "../../src/http/docs.ts";

export const SHOP = FIXTURE_SHOP;
export const OTHER_SHOP = "difference-engines.myshopify.com";
export const SECRET = "query-test-secret";
export const OLD_SECRET = "query-test-old-secret";
/** Picks the shop in tests of the rules plugin, standing in for the API-key hook. */
export const SHOP_HEADER = "x-test-shop";

export interface QueryTestApp {
  app: FastifyInstance;
  deps: QueryDeps;
  database: MigratedTestDatabase;
  /** Where the app's Admin API calls go; SHOP has a token. */
  emulator: ShopifyEmulator;
  close: () => Promise<void>;
}

export interface QueryTestAppOptions {
  /** Registered at the root, as the query app registers storefrontRoutes. */
  root?: FastifyPluginAsync<QueryDeps>;
  /** Registered under /v1 behind a stand-in for the API-key hook (the `x-test-shop` header). */
  v1?: FastifyPluginAsync<QueryDeps>;
  now?: () => Date;
}

/**
 * The query service's base (platform's createHttpApp, zod compilers, the service's OpenAPI
 * setup) with only the plugin under test, not the whole app, over a real migrated Postgres of its own and a real Redis prefix.
 */
export async function buildQueryTestApp(label: string, options: QueryTestAppOptions): Promise<QueryTestApp> {
  const database = await createMigratedTestDatabase({ label });
  const redis: TestRedis = await createTestRedis(label);
  const logger = createLogger({ name: `query-test-${label}`, level: "silent" });
  const emulator = await startShopifyEmulator();
  const config = QueryEnv.parse({
    SHOPIFY_API_SECRET: SECRET,
    SHOPIFY_API_SECRETS: OLD_SECRET,
    LOG_LEVEL: "silent",
    RATE_LIMIT_MAX: "100000",
    SHOPIFY_ADMIN_ORIGIN: emulator.origin,
  });
  const now = options.now ?? (() => new Date());
  const shopify = shopifyAdminFromEnv(config, { sql: database.sql });
  await shopify.store.save(SHOP, {
    accessToken: "shpat_query_test",
    refreshToken: null,
    accessExpiresAt: null,
    refreshExpiresAt: null,
    scope: null,
  });
  const deps: QueryDeps = {
    shopify,
    redemptions: createRedemptionService({ sql: database.sql, client: shopify.client, now, logger }),
    sql: database.sql,
    readSql: database.sql,
    redis: redis.client,
    keys: streamKeys({ prefix: redis.prefix, partitions: 4 }),
    config,
    logger,
    now,
  };
  const app = await createHttpApp({
    logger,
    registry: createRegistry({ service: "query", defaultMetrics: false }),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await registerDocs(app);
  const { root, v1 } = options;
  if (root) await app.register(root, deps);
  if (v1) {
    await app.register(
      async (scope) => {
        scope.decorateRequest("shop", "");
        scope.addHook("onRequest", async (request) => {
          const header = request.headers[SHOP_HEADER];
          request.shop = typeof header === "string" ? header : SHOP;
        });
        await scope.register(v1, deps);
      },
      { prefix: "/v1" },
    );
  }
  await app.ready();
  return {
    app,
    deps,
    database,
    emulator,
    close: async () => {
      await app.close();
      await emulator.close();
      await database.cleanup();
      await redis.cleanup();
    },
  };
}
