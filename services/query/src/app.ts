import type { RateLimitPluginOptions } from "@fastify/rate-limit";
import { ADMIN_UI_DIST_DIR } from "@loyalty/admin-ui";
import { createTiersCache } from "@loyalty/db";
import { createHttpApp, ShopifyMetrics } from "@loyalty/platform";
import {
  createRedemptionService,
  type RedemptionService,
  type ShopifyAdmin,
  shopifyAdminFromEnv,
} from "@loyalty/shopify-admin";
import { watchApiKeyRevocations } from "@loyalty/streams";
import type { FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { Registry } from "prom-client";
import { requireApiKey } from "./auth/api-key-auth.ts";
import { type ApiKeyCacheOptions, createApiKeyResolver } from "./auth/api-key-resolver.ts";
import { requireOpsToken } from "./auth/ops-token-auth.ts";
import type { QueryDeps } from "./deps.ts";
import { registerAdminUi } from "./http/admin-ui.ts";
import { registerCors } from "./http/cors.ts";
import { registerDocs } from "./http/docs.ts";
import { mapQueryError } from "./http/map-error.ts";
import { customerRoutes } from "./routes/customers/index.ts";
import { opsRoutes } from "./routes/ops/index.ts";
import { redemptionRoutes } from "./routes/redemptions.ts";
import { rewardRoutes } from "./routes/rewards.ts";
import { rulesRoutes } from "./routes/rules/index.ts";
import { settingsRoutes } from "./routes/settings.ts";
import { shopifyInstallRoutes } from "./routes/shopify-install.ts";
import { storefrontRoutes } from "./routes/storefront/index.ts";
import { tierRoutes } from "./routes/tiers.ts";
import { webhookEndpointRoutes } from "./routes/webhook-endpoints/index.ts";

export interface QueryAppOptions extends Omit<QueryDeps, "shopify" | "redemptions"> {
  registry: Registry;
  /** Default: built from the config (SHOPIFY_* and TOKEN_ENCRYPTION_KEY). */
  shopify?: ShopifyAdmin;
  /** Default: over `shopify`, with the 3 s inline budget. */
  redemptions?: RedemptionService;
  /** Metrics of Shopify calls and redemptions; default: registered on `registry`. */
  shopifyMetrics?: ShopifyMetrics;
  /** API key → shop cache; default 30 s, 10 000 keys. */
  apiKeyCache?: ApiKeyCacheOptions;
  /** The built dashboard served at /admin/; default packages/admin-ui/dist. */
  adminUiDir?: string;
}

const RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * Tiers are read by every balance request and change rarely: cached per shop for this long.
 * A PUT on this replica takes effect at once; other replicas show new names and thresholds
 * within the TTL (the customer's tier key itself is always read fresh from its row).
 */
const TIERS_CACHE_TTL_MS = 5_000;

/**
 * The query service as a Fastify instance that never listens (tests use `inject`). Order
 * matters: createHttpApp loads helmet and rate-limit, then CORS and the OpenAPI collector,
 * all before the first business route, because each of them hooks onRoute.
 */
export async function buildQueryApp(options: QueryAppOptions): Promise<FastifyInstance> {
  const {
    registry,
    apiKeyCache,
    adminUiDir = ADMIN_UI_DIST_DIR,
    shopify: givenShopify,
    redemptions: givenRedemptions,
    shopifyMetrics,
    ...base
  } = options;
  const { config } = base;
  const metrics = shopifyMetrics ?? new ShopifyMetrics({ register: registry });
  const shopify = givenShopify ?? shopifyAdminFromEnv(config, { sql: base.sql, metrics });
  const redemptions =
    givenRedemptions ??
    createRedemptionService({
      sql: base.sql,
      client: shopify.client,
      now: base.now,
      logger: base.logger,
      metrics,
    });
  const deps: QueryDeps = { ...base, shopify, redemptions };
  const rateLimit: RateLimitPluginOptions = {
    max: config.RATE_LIMIT_MAX,
    timeWindow: RATE_LIMIT_WINDOW_MS,
    // Under the deployment's key prefix, like every other key we write.
    nameSpace: `${deps.keys.prefix}:rate-limit:`,
    // One bucket per API key, whichever replica serves it; the IP only for routes without a key.
    keyGenerator: (request) => request.apiKeyId ?? request.ip,
  };
  const app = await createHttpApp({
    logger: deps.logger,
    registry,
    readiness: {
      postgres: async () => void (await deps.sql`SELECT 1`),
      ...(deps.readSql === deps.sql ? {} : { postgresRead: async () => void (await deps.readSql`SELECT 1`) }),
      redis: async () => void (await deps.redis.ping()),
    },
    redis: deps.redis,
    rateLimit,
    mapError: mapQueryError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await registerCors(app, config.CORS_ORIGINS);
  await registerDocs(app);

  const resolver = createApiKeyResolver(deps.sql, apiKeyCache);
  // A subscribed connection can run nothing else: the watch gets its own, closed with the app.
  const subscriber = deps.redis.duplicate();
  subscriber.on("error", (error: Error) =>
    deps.logger.warn({ err: error }, "Redis error on the API key revocation subscription"),
  );
  const revocations = watchApiKeyRevocations(
    subscriber,
    deps.keys.prefix,
    {
      onRevoked: (shop) => {
        resolver.forgetAll();
        deps.logger.info({ shop }, "API key revoked: cached keys dropped");
      },
      onLive: (live) => {
        resolver.setCacheTrusted(live);
        deps.logger.info(
          { live },
          live
            ? "API key revocations subscribed: key cache on"
            : "API key revocations not live: key cache off",
        );
      },
    },
    deps.logger,
  );
  app.addHook("onClose", () => revocations.close());
  const tiers = createTiersCache({ ttlMs: TIERS_CACHE_TTL_MS });
  await app.register(
    async (v1) => {
      requireApiKey(v1, resolver);
      // After the key check (hooks run in order), so the bucket is the key's, not the IP's.
      v1.addHook("onRequest", v1.rateLimit());
      await v1.register(customerRoutes, { ...deps, tiers });
      await v1.register(redemptionRoutes, deps);
      await v1.register(rulesRoutes, deps);
      await v1.register(tierRoutes, { ...deps, tiers });
      await v1.register(settingsRoutes, deps);
      await v1.register(rewardRoutes, deps);
      await v1.register(webhookEndpointRoutes, deps);
    },
    { prefix: "/v1" },
  );
  await app.register(
    async (ops) => {
      requireOpsToken(ops, config.OPS_TOKEN);
      await ops.register(opsRoutes, deps);
    },
    { prefix: "/v1" },
  );
  // Storefront requests come through Shopify's App Proxy: the plugin checks their signature itself.
  await app.register(storefrontRoutes, deps);
  // The public app's install: no API key (the merchant has none yet); OAuth's own checks guard it.
  await app.register(shopifyInstallRoutes, deps);
  await registerAdminUi(app, adminUiDir);
  return app;
}
