import { IngestEnv, loadConfig } from "@loyalty/platform";
import { PROCESSOR_GROUP, streamKeys } from "@loyalty/streams";
import { createTestRedis, type TestRedis } from "@loyalty/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningService, startIngest } from "../src/server.ts";

const PARTITIONS = 2;
let redis: TestRedis;
let ingest: RunningService;
let keys: ReturnType<typeof streamKeys>;

beforeAll(async () => {
  redis = await createTestRedis("ingest-gauges");
  keys = streamKeys({ prefix: redis.prefix, partitions: PARTITIONS });
  const config = loadConfig(IngestEnv, {
    REDIS_URL: redis.url,
    STREAM_PREFIX: redis.prefix,
    STREAM_PARTITIONS: String(PARTITIONS),
    INGEST_PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
  });
  ingest = await startIngest(config, { handleSignals: false, streamGaugesEveryMs: 100 });
});
afterAll(async () => {
  await ingest.close();
  await redis.cleanup();
});

/** `{ partition → value }` of one gauge in ingest's own /metrics. */
async function gauge(name: string): Promise<Record<string, number>> {
  const response = await ingest.app.inject({ method: "GET", url: "/metrics" });
  // Every series also carries the registry's default label (service="ingest").
  const pattern = new RegExp(`^${name}\\{[^}]*partition="(\\d+)"[^}]*\\} (\\S+)$`, "gm");
  return Object.fromEntries([...response.body.matchAll(pattern)].map(([, p, v]) => [p, Number(v)]));
}

/** Waits for the sampler (every 100 ms here) to publish what the test expects. */
async function eventually(name: string, expected: Record<string, number>): Promise<void> {
  const deadline = Date.now() + 20_000;
  let seen = await gauge(name);
  while (JSON.stringify(seen) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    seen = await gauge(name);
  }
  expect(seen, name).toEqual(expected);
}

describe("ingest's stream gauges", () => {
  it("export the backlog per partition when no processor ever ran (no consumer group yet)", async () => {
    for (let i = 0; i < 3; i++) await redis.client.xadd(keys.events(0), "*", "e", `{"n":${i}}`);
    await redis.client.xadd(keys.dlq(1), "*", "e", "{}");

    await eventually("loyalty_stream_lag", { "0": 3, "1": 0 });
    await eventually("loyalty_stream_length", { "0": 3, "1": 0 });
    await eventually("loyalty_stream_pending", { "0": 0, "1": 0 });
    await eventually("loyalty_dlq_depth", { "0": 0, "1": 1 });
  });

  it("read the consumer group as the processors do: delivered entries are pending, not lag", async () => {
    await redis.client.xgroup("CREATE", keys.events(0), PROCESSOR_GROUP, "0");
    await redis.client.xreadgroup(
      "GROUP",
      PROCESSOR_GROUP,
      "gone",
      "COUNT",
      2,
      "STREAMS",
      keys.events(0),
      ">",
    );

    await eventually("loyalty_stream_lag", { "0": 1, "1": 0 });
    await eventually("loyalty_stream_pending", { "0": 2, "1": 0 });
  });

  it("count the lag themselves when Redis reports none after an unread entry was deleted", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await redis.client.xadd(keys.events(0), "*", "e", "{}")) ?? "");
    await redis.client.xdel(keys.events(0), ids[1] ?? "");

    // One unread from before plus three of the four new ones; never 0, never NaN.
    await eventually("loyalty_stream_lag", { "0": 4, "1": 0 });
  });
});
