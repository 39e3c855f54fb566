import { createDb } from "@loyalty/db";
import { createLogger, createRegistry, loadConfig, QueryEnv } from "@loyalty/platform";
import { streamKeys } from "@loyalty/streams";
import { Redis } from "ioredis";
import { buildQueryApp } from "./app.ts";

/**
 * The OpenAPI document the query app serves at /docs/json, produced without any server:
 * the app is built over a Postgres pool and a Redis client that never connect (no request
 * is made), so the admin UI's typed client can be generated from, and checked against, the
 * very document the routes produce.
 */
export async function queryOpenApiDocument(): Promise<Record<string, unknown>> {
  const config = loadConfig(QueryEnv, { LOG_LEVEL: "silent", OPS_TOKEN: "openapi-document-only" });
  const { sql } = createDb("postgres://openapi-document-only@127.0.0.1:1/none", { max: 1 });
  const redis = new Redis({ lazyConnect: true, enableOfflineQueue: false });
  const app = await buildQueryApp({
    sql,
    readSql: sql,
    redis,
    keys: streamKeys({ prefix: config.STREAM_PREFIX, partitions: config.STREAM_PARTITIONS }),
    config,
    logger: createLogger({ name: "openapi-document", level: "silent" }),
    now: () => new Date(),
    registry: createRegistry({ service: "query", defaultMetrics: false }),
  });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    redis.disconnect();
    await sql.end({ timeout: 0 });
  }
}
