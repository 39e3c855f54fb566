import type { RateLimitPluginOptions } from "@fastify/rate-limit";
import { createTiersCache } from "@loyalty/db";
import { createHttpApp } from "@loyalty/platform";
import type { FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { Registry } from "prom-client";
import { requireApiKey } from "./auth/api-key-auth.ts";
import { type ApiKeyCacheOptions, createApiKeyResolver } from "./auth/api-key-resolver.ts";
import { requireOpsToken } from "./auth/ops-token-auth.ts";
import type { QueryDeps } from "./deps.ts";
import { type DiscountIssuer, noopDiscountIssuer } from "./discounts.ts";
import { registerCors } from "./http/cors.ts";
import { registerDocs } from "./http/docs.ts";
import { mapQueryError } from "./http/map-error.ts";
import { customerRoutes } from "./routes/customers/index.ts";
import { opsRoutes } from "./routes/ops/index.ts";
import { rewardRoutes } from "./routes/rewards.ts";
import { rulesRoutes } from "./routes/rules/index.ts";
import { settingsRoutes } from "./routes/settings.ts";
import { storefrontRoutes } from "./routes/storefront/index.ts";
import { tierRoutes } from "./routes/tiers.ts";
import { webhookEndpointRoutes } from "./routes/webhook-endpoints/index.ts";

export interface QueryAppOptions extends QueryDeps {
  registry: Registry;
  /** Creates the discount a redemption paid for; default: none (codes are only recorded). */
  discounts?: DiscountIssuer;
  /** API key → shop cache; default 30 s, 10 000 keys. */
  apiKeyCache?: ApiKeyCacheOptions;
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
  const { registry, discounts = noopDiscountIssuer, apiKeyCache, ...deps } = options;
  const { config } = deps;
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
  const tiers = createTiersCache({ ttlMs: TIERS_CACHE_TTL_MS });
  await app.register(
    async (v1) => {
      requireApiKey(v1, resolver);
      // After the key check (hooks run in order), so the bucket is the key's, not the IP's.
      v1.addHook("onRequest", v1.rateLimit());
      await v1.register(customerRoutes, { ...deps, discounts, tiers });
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
  return app;
}
