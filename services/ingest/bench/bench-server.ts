/**
 * The server side of `pnpm bench:ingest`, run in its own process so the load generator does
 * not share its event loop: `bench-server.ts ingest|bare <redisPrefix>` prints the port.
 */
import { createLogger, createRegistry } from "@loyalty/platform";
import { createRedis, streamKeys, waitUntilReady } from "@loyalty/streams";
import Fastify from "fastify";
import { buildIngestApp } from "../src/app.ts";

export const BENCH_SECRET = "bench-secret";
const [mode = "ingest", prefix = "bench:loyalty"] = process.argv.slice(2);

const redis = createRedis({
  url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  name: "ingest-bench",
  mode: "request",
});
await waitUntilReady(redis, 5000);
const app =
  mode === "bare"
    ? Fastify({ logger: false }).post("/webhooks/shopify", async () => ({ status: "accepted" }))
    : await buildIngestApp({
        logger: createLogger({ name: "ingest-bench", level: "warn" }),
        registry: createRegistry({ service: "ingest" }),
        redis: createRedis({
          url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
          name: "ingest-bench",
          mode: "request",
        }),
        keys: streamKeys({ prefix, partitions: 16 }),
        secrets: [BENCH_SECRET],
        dedupeTtlSeconds: 72 * 3600,
        bodyLimit: 1024 * 1024,
      });
await app.listen({ port: 0, host: "127.0.0.1" });
const address = app.server.address();
process.stdout.write(`${typeof address === "object" && address ? address.port : 0}\n`);
process.on("SIGTERM", () => void app.close().then(() => process.exit(0)));
