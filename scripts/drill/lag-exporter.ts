import { createHttpApp, createLogger, createRegistry, StreamMetrics } from "@loyalty/platform";
import { PROCESSOR_GROUP, partitionStatus, type RedisClient, type StreamKeys } from "@loyalty/streams";

export interface LagExporter {
  metricsUrl: string;
  close(): Promise<void>;
}

/**
 * A metrics-only stand-in for the processors' stream gauges while every processor is down.
 * It exports the same StreamMetrics, filled by the same partitionStatus call, that a
 * processor's status task exports (services/processor/src/maintenance.ts) — only every second
 * instead of every 5 s and without consuming anything. With no processor running nothing else
 * exports loyalty_stream_lag; in production the LoyaltyTargetDown alert covers that case.
 */
export async function startLagExporter(options: {
  redis: RedisClient;
  keys: StreamKeys;
  intervalMs?: number;
}): Promise<LagExporter> {
  const registry = createRegistry({ service: "lag-exporter", defaultMetrics: false });
  const metrics = new StreamMetrics({ register: registry });
  const refresh = async () =>
    metrics.set(await partitionStatus(options.redis, options.keys, PROCESSOR_GROUP));
  await refresh();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    refresh()
      .catch((error: unknown) => console.error("lag exporter: could not read stream status", error))
      .finally(() => {
        busy = false;
      });
  }, options.intervalMs ?? 1_000);
  const app = await createHttpApp({
    logger: createLogger({ name: "lag-exporter", level: "warn" }),
    registry,
    readiness: { redis: async () => void (await options.redis.ping()) },
  });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  return {
    metricsUrl: `${address}/metrics`,
    async close() {
      clearInterval(timer);
      await app.close();
    },
  };
}
