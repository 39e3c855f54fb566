import type { Sql } from "@loyalty/db";
import type { HostLookup, QueryEnv } from "@loyalty/platform";
import type { RedemptionService, ShopifyAdmin } from "@loyalty/shopify-admin";
import type { RedisClient, StreamKeys } from "@loyalty/streams";
import type { Logger } from "pino";

/**
 * What every query route plugin receives. `readSql` is DATABASE_READ_URL's pool when set
 * (a replica: reads only), else the same pool as `sql`. Writes and redemptions use `sql`.
 */
export interface QueryDeps {
  sql: Sql;
  readSql: Sql;
  redis: RedisClient;
  keys: StreamKeys;
  config: QueryEnv;
  logger: Logger;
  now: () => Date;
  /** Tokens, the Admin client and (when configured) OAuth: everything that talks to Shopify. */
  shopify: ShopifyAdmin;
  /** Redeem (points, then the first attempt at Shopify within 3 s) and cancel. */
  redemptions: RedemptionService;
  /** Resolves webhook endpoint hosts for the outbound URL policy; default: the system resolver. */
  hostLookup?: HostLookup;
}

declare module "fastify" {
  interface FastifyRequest {
    /** The shop the caller's API key (or App Proxy signature) acts for; set by the auth hooks. */
    shop: string;
  }
}
