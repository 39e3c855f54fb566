import { z } from "zod";
import {
  integerVar,
  LogLevel,
  NodeEnv,
  PostgresUrl,
  RedisClusterNodes,
  RedisUrl,
  splitList,
} from "./env-vars.ts";

/**
 * What SHOPIFY_API_SECRET falls back to outside production, so `pnpm start` works with no
 * setup. It is public, so anyone can sign webhooks with it: production refuses it, and a
 * service that sees it should say so at start (compare with this constant).
 */
export const DEVELOPMENT_SHOPIFY_API_SECRET = "dev-only-insecure-shopify-secret";

/** Variables every process reads (CONTRACT.md "Processes, ports, configuration"). */
export const baseEnvShape = {
  /** "production" turns on the checks that refuse development defaults (the Shopify secret). */
  NODE_ENV: NodeEnv.default("development"),
  /** pino level for every log line; "silent" turns logging off. */
  LOG_LEVEL: LogLevel.default("info"),
  /** Redis holding the streams, dedupe keys and rate-limit counters. With REDIS_CLUSTER_NODES set, only its credentials, TLS (rediss://) and options apply. */
  REDIS_URL: RedisUrl.default("redis://127.0.0.1:6379"),
  /** Comma list of host:port seed nodes; when set, services connect to Redis Cluster instead of a single node. */
  REDIS_CLUSTER_NODES: RedisClusterNodes.optional(),
  /** Postgres holding the ledger, rules and outbox (read-write primary). */
  DATABASE_URL: PostgresUrl.default("postgres://postgres@127.0.0.1:5432/loyalty"),
  /** Optional read replica the query service reads balances and history from; writes always go to DATABASE_URL. */
  DATABASE_READ_URL: PostgresUrl.optional(),
  /** Number of stream partitions P. Every process of one deployment must agree: changing it re-routes customers to other partitions. */
  STREAM_PARTITIONS: integerVar({ min: 1, max: 1024, default: 16 }),
  /** First segment of every Redis key (`loyalty:events:{7}`). Braces are refused: they would break the cluster hash tags. */
  STREAM_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, { error: "must be 1 to 64 characters of A-Z a-z 0-9 _ . : -" })
    .default("loyalty"),
  /** Bearer token for /v1/ops; the ops API is disabled when unset. */
  OPS_TOKEN: z.string().min(16, { error: "must be at least 16 characters" }).optional(),
};

/** The Shopify app secret, read only by the processes that verify Shopify signatures (ingest, query). */
export const shopifySecretShape = {
  /** HMAC secret of the Shopify app (webhooks, App Proxy). Required in production; elsewhere defaults to DEVELOPMENT_SHOPIFY_API_SECRET. */
  SHOPIFY_API_SECRET: z.string().min(1, { error: "must not be empty" }).optional(),
  /** Older secrets still accepted while rotating (comma list). Verification tries SHOPIFY_API_SECRET first, then these. */
  SHOPIFY_API_SECRETS: z.string().transform(splitList).optional(),
};

interface RawShopifySecrets {
  NODE_ENV: NodeEnv;
  SHOPIFY_API_SECRET?: string | undefined;
  SHOPIFY_API_SECRETS?: string[] | undefined;
}

export interface ResolvedShopifySecrets {
  /** The current secret (used to sign anything we produce). */
  SHOPIFY_API_SECRET: string;
  /** Every accepted secret, current first, without duplicates; never empty. */
  SHOPIFY_API_SECRETS: string[];
}

/** Production must name its own secret, and must not run on the public development one. */
export function checkShopifySecrets(env: RawShopifySecrets, ctx: z.RefinementCtx): void {
  if (env.NODE_ENV !== "production") return;
  const secrets = collectSecrets(env);
  if (secrets.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["SHOPIFY_API_SECRET"],
      message: "is required when NODE_ENV=production (the API secret of the Shopify app)",
    });
  }
  if (secrets.includes(DEVELOPMENT_SHOPIFY_API_SECRET)) {
    ctx.addIssue({
      code: "custom",
      path: [
        env.SHOPIFY_API_SECRET === DEVELOPMENT_SHOPIFY_API_SECRET
          ? "SHOPIFY_API_SECRET"
          : "SHOPIFY_API_SECRETS",
      ],
      message: "must not be the public development secret when NODE_ENV=production",
    });
  }
}

export function resolveShopifySecrets<T extends RawShopifySecrets>(
  env: T,
): Omit<T, keyof ResolvedShopifySecrets> & ResolvedShopifySecrets {
  const collected = collectSecrets(env);
  const secrets = collected.length > 0 ? collected : [DEVELOPMENT_SHOPIFY_API_SECRET];
  return {
    ...env,
    SHOPIFY_API_SECRET: secrets[0] ?? DEVELOPMENT_SHOPIFY_API_SECRET,
    SHOPIFY_API_SECRETS: secrets,
  };
}

function collectSecrets(env: RawShopifySecrets): string[] {
  const all = [env.SHOPIFY_API_SECRET, ...(env.SHOPIFY_API_SECRETS ?? [])];
  return [...new Set(all.filter((secret): secret is string => secret !== undefined))];
}

/** Everything a tool that is not one of the four services needs (CLI: migrate, dlq, streams status). */
export const BaseEnv = z
  .object({ ...baseEnvShape, ...shopifySecretShape })
  .superRefine(checkShopifySecrets)
  .transform(resolveShopifySecrets);
export type BaseEnv = z.infer<typeof BaseEnv>;
