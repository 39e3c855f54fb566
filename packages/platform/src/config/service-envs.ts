import { z } from "zod";
import { baseEnvShape, checkShopifySecrets, resolveShopifySecrets, shopifySecretShape } from "./base-env.ts";
import { Host, HostList, integerVar, OriginList, portVar } from "./env-vars.ts";
import { checkTokenKey, resolveTokenKey, shopifyAdminEnvShape } from "./shopify-admin-env.ts";

const HOUR_SECONDS = 3600;
const DAY_SECONDS = 24 * HOUR_SECONDS;
const MIB = 1024 * 1024;

/**
 * WEBHOOK_ALLOWED_HOSTS: webhook endpoint hosts exempt from the outbound address policy
 * (loopback, private, link-local, … are otherwise refused), e.g. `127.0.0.1,localhost` for a
 * receiver on a developer's machine. Read by query (creation) and dispatcher (delivery).
 */
const WebhookAllowedHosts = HostList.default([]);

/** Where each service listens. 0.0.0.0 because containers are reached from outside their own loopback. */
const HostVar = Host.default("0.0.0.0");

export const ingestEnvShape = {
  /** Port of the Shopify webhook receiver. */
  INGEST_PORT: portVar(3000),
  /** Address the HTTP server binds to. */
  HOST: HostVar,
  /** Largest accepted webhook body in bytes; larger bodies get 413 (CONTRACT.md: 1 MiB). */
  INGEST_BODY_LIMIT: integerVar({ min: 1024, max: 64 * MIB, default: MIB, unit: "bytes" }),
  /**
   * How long a seen X-Shopify-Webhook-Id is remembered. Shopify retries a failed delivery
   * for up to 48 hours, so anything under 72 h would let a late retry count twice.
   */
  DEDUPE_TTL_SECONDS: integerVar({
    min: 72 * HOUR_SECONDS,
    max: 90 * DAY_SECONDS,
    default: 7 * DAY_SECONDS,
    unit: "seconds (72 h to 90 days)",
  }),
};

export const queryEnvShape = {
  /** Port of the read, admin and storefront API. */
  QUERY_PORT: portVar(3001),
  /** Address the HTTP server binds to. */
  HOST: HostVar,
  /** Requests per minute one API key (or client IP when unauthenticated) may make. */
  RATE_LIMIT_MAX: integerVar({ min: 1, max: 1_000_000, default: 600, unit: "requests per minute" }),
  /** Browser origins allowed by CORS (comma list, or "*"); unset means no CORS headers at all. */
  CORS_ORIGINS: OriginList.optional(),
  WEBHOOK_ALLOWED_HOSTS: WebhookAllowedHosts,
};

export const processorEnvShape = {
  /** Port of the /healthz, /readyz and /metrics server. */
  METRICS_PORT: portVar(9101),
  /** Address the metrics server binds to. */
  HOST: HostVar,
  /** Consumer name in the group; unset means host + pid + random, unique per replica. Set it only when a replica must keep its pending entries across restarts (a StatefulSet). */
  CONSUMER_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, { error: "must be 1 to 128 characters of A-Z a-z 0-9 . _ : -" })
    .optional(),
  /** XREADGROUP COUNT: entries read (and committed in one transaction) per batch. */
  BATCH_SIZE: integerVar({ min: 1, max: 10_000, default: 500 }),
  /** XREADGROUP BLOCK in ms. Never 0 (block forever): the loop must wake up to notice shutdown. */
  BLOCK_MS: integerVar({ min: 10, max: 60_000, default: 1000, unit: "milliseconds" }),
  /** Idle time after which another replica claims an entry (XAUTOCLAIM min-idle). Must exceed the slowest batch, or live work gets processed twice. */
  PROCESSING_TIMEOUT_MS: integerVar({ min: 1000, max: 3_600_000, default: 60_000, unit: "milliseconds" }),
  /** Retries of an event that failed permanently before it is dead-lettered. */
  MAX_ATTEMPTS: integerVar({ min: 1, max: 100, default: 8 }),
  /** Deliveries of one stream entry (crash loops) before it is dead-lettered. */
  MAX_DELIVERIES: integerVar({ min: 1, max: 1000, default: 10 }),
  /** First retry delay; doubles per attempt (plus jitter) up to RETRY_CAP_MS. */
  RETRY_BASE_MS: integerVar({ min: 1, max: 86_400_000, default: 1000, unit: "milliseconds" }),
  /** Longest retry delay. */
  RETRY_CAP_MS: integerVar({ min: 1, max: 7 * 86_400_000, default: 3_600_000, unit: "milliseconds" }),
};

export const dispatcherEnvShape = {
  /** Port of the /healthz, /readyz and /metrics server. */
  METRICS_PORT: portVar(9102),
  /** Address the metrics server binds to. */
  HOST: HostVar,
  /** Time one POST to a merchant endpoint may take (connect to last byte). */
  WEBHOOK_TIMEOUT_MS: integerVar({ min: 100, max: 60_000, default: 5000, unit: "milliseconds" }),
  /** Attempts per outbound webhook before it is dead-lettered. */
  WEBHOOK_MAX_ATTEMPTS: integerVar({ min: 1, max: 100, default: 10 }),
  /** Deliveries in flight at once per replica. */
  WEBHOOK_CONCURRENCY: integerVar({ min: 1, max: 1024, default: 32 }),
  WEBHOOK_ALLOWED_HOSTS: WebhookAllowedHosts,
};

export const IngestEnv = z
  .object({ ...baseEnvShape, ...shopifySecretShape, ...ingestEnvShape })
  .superRefine(checkShopifySecrets)
  .transform(resolveShopifySecrets);
export type IngestEnv = z.infer<typeof IngestEnv>;

/** Query reads the Shopify secret too: App Proxy (storefront) requests are signed with it. */
/** The CLI commands that talk to Shopify or hold tokens (`shops`, `reconcile`, `demo`). */
export const ShopifyToolEnv = z
  .object({ ...baseEnvShape, ...shopifySecretShape, ...shopifyAdminEnvShape })
  .superRefine(checkShopifySecrets)
  .superRefine(checkTokenKey)
  .transform((env) => resolveTokenKey(resolveShopifySecrets(env)));
export type ShopifyToolEnv = z.infer<typeof ShopifyToolEnv>;

export const QueryEnv = z
  .object({ ...baseEnvShape, ...shopifySecretShape, ...shopifyAdminEnvShape, ...queryEnvShape })
  .superRefine(checkShopifySecrets)
  .superRefine(checkTokenKey)
  .transform((env) => resolveTokenKey(resolveShopifySecrets(env)));
export type QueryEnv = z.infer<typeof QueryEnv>;

/*
 * The workers never verify a Shopify signature, so they do not read SHOPIFY_API_SECRET:
 * a production worker need not be given the secret at all (least privilege).
 */
export const ProcessorEnv = z.object({ ...baseEnvShape, ...processorEnvShape }).superRefine((env, ctx) => {
  if (env.RETRY_BASE_MS > env.RETRY_CAP_MS) {
    ctx.addIssue({
      code: "custom",
      path: ["RETRY_BASE_MS"],
      message: `must not exceed RETRY_CAP_MS (${env.RETRY_CAP_MS})`,
    });
  }
});
export type ProcessorEnv = z.infer<typeof ProcessorEnv>;

export const DispatcherEnv = z.object({ ...baseEnvShape, ...dispatcherEnvShape });
export type DispatcherEnv = z.infer<typeof DispatcherEnv>;
