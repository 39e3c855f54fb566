/**
 * The server side of `pnpm bench:query`, in its own process so autocannon does not share its
 * event loop: `bench-server.ts bare|base|query <databaseUrl> <redisPrefix>` prints the port.
 * `bare` is Fastify plus one indexed select on the same table with the same pool size: the
 * floor the query service is compared with. `base` is the same route on the platform's
 * createHttpApp (logger, request id, helmet, rate-limit plugin, error handling) without the
 * service: it splits the gap into what every service pays and what the query routes add.
 */
import { closeDb, createDb } from "@loyalty/db";
import { createHttpApp, createLogger, createRegistry, loadConfig, QueryEnv } from "@loyalty/platform";
import { createRedis, streamKeys, waitUntilReady } from "@loyalty/streams";
import Fastify, { type FastifyInstance } from "fastify";
import { BENCH_SHOP } from "./bench-shop.ts";

const POOL_SIZE = 10;

const [mode = "query", databaseUrl = "", prefix = "bench:loyalty"] = process.argv.slice(2);
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const database = createDb(databaseUrl, { max: POOL_SIZE, applicationName: `query-bench-${mode}` });

function addSelectRoute(app: FastifyInstance): FastifyInstance {
  return app.get<{ Params: { customerId: string } }>("/v1/customers/:customerId", async (request, reply) => {
    const [row] = await database.sql`
      SELECT customer_id, balance, lifetime_points, tier FROM customers
      WHERE shop = ${BENCH_SHOP} AND customer_id = ${request.params.customerId}`;
    return row ? row : reply.code(404).send({ error: "not_found" });
  });
}

async function base(): Promise<FastifyInstance> {
  const app = await createHttpApp({
    logger: createLogger({ name: "query-bench", level: "warn" }),
    registry: createRegistry({ service: "query" }),
  });
  return addSelectRoute(app);
}

async function query(): Promise<FastifyInstance> {
  // Loaded only in this mode: the bare server must not depend on the service's code.
  const { buildQueryApp } = await import("../src/app.ts");
  const redis = createRedis({ url: redisUrl, name: "query-bench", mode: "request" });
  await waitUntilReady(redis, 5000);
  const config = loadConfig(QueryEnv, {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    STREAM_PREFIX: prefix,
    RATE_LIMIT_MAX: "1000000",
    LOG_LEVEL: "warn",
  });
  return buildQueryApp({
    sql: database.sql,
    readSql: database.sql,
    redis,
    keys: streamKeys({ prefix, partitions: config.STREAM_PARTITIONS }),
    config,
    logger: createLogger({ name: "query-bench", level: "warn" }),
    now: () => new Date(),
    registry: createRegistry({ service: "query" }),
  });
}

const app =
  mode === "bare"
    ? addSelectRoute(Fastify({ logger: false }))
    : mode === "base"
      ? await base()
      : await query();
await app.listen({ port: 0, host: "127.0.0.1" });
const address = app.server.address();
process.stdout.write(`${typeof address === "object" && address ? address.port : 0}\n`);
process.on("SIGTERM", () => {
  void app
    .close()
    .then(() => closeDb(database))
    .then(() => process.exit(0));
});
