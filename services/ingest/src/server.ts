import {
  createLogger,
  createRegistry,
  DEVELOPMENT_SHOPIFY_API_SECRET,
  type IngestEnv,
  installGracefulShutdown,
} from "@loyalty/platform";
import { redisFromEnv, streamKeys, waitUntilReady, warnUnlessNoEviction } from "@loyalty/streams";
import type { FastifyInstance } from "fastify";
import { buildIngestApp } from "./app.ts";
import { startStreamGauges } from "./stream-gauges.ts";

export interface RunningService {
  app: FastifyInstance;
  /** Stops accepting, finishes in-flight requests, closes Redis. */
  close: () => Promise<void>;
}

/** Starts ingest on INGEST_PORT. `handleSignals: false` when a parent process owns shutdown. */
export async function startIngest(
  config: IngestEnv,
  options: {
    handleSignals?: boolean;
    /** How often the stream gauges are sampled (tests shorten it). */
    streamGaugesEveryMs?: number;
  } = {},
): Promise<RunningService> {
  const logger = createLogger({ name: "ingest", level: config.LOG_LEVEL });
  if (config.SHOPIFY_API_SECRET === DEVELOPMENT_SHOPIFY_API_SECRET) {
    logger.warn(
      "SHOPIFY_API_SECRET is the public development default: anyone can sign webhooks for this ingest",
    );
  }
  // Request mode: no offline queue, short timeouts, so Redis being away is a fast 503.
  const redis = redisFromEnv(config, "loyalty-ingest", "request", logger);
  // A request-mode client refuses commands until connected: give it a moment so the first
  // webhooks after a start are not answered 503. Start anyway if Redis is down (readyz says so).
  await waitUntilReady(redis, 5_000).catch((error: unknown) =>
    logger.error({ err: error }, "Redis not reachable yet"),
  );
  void warnUnlessNoEviction(redis, logger);
  const registry = createRegistry({ service: "ingest" });
  const keys = streamKeys({ prefix: config.STREAM_PREFIX, partitions: config.STREAM_PARTITIONS });
  const app = await buildIngestApp({
    logger,
    registry,
    redis,
    keys,
    secrets: config.SHOPIFY_API_SECRETS,
    dedupeTtlSeconds: config.DEDUPE_TTL_SECONDS,
    bodyLimit: config.INGEST_BODY_LIMIT,
  });
  const gauges = startStreamGauges({
    redis,
    keys,
    registry,
    logger,
    ...(options.streamGaugesEveryMs ? { everyMs: options.streamGaugesEveryMs } : {}),
  });
  app.addHook("onClose", async () => {
    await gauges.stop();
    redis.disconnect();
  });
  await app.listen({ port: config.INGEST_PORT, host: config.HOST });
  const close = () => app.close();
  if (options.handleSignals !== false) installGracefulShutdown({ logger, close });
  return { app, close };
}
