import type { AddressInfo } from "node:net";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "@loyalty/db/testing";
import {
  DEVELOPMENT_SHOPIFY_API_SECRET,
  type IngestEnv,
  IngestEnv as IngestEnvSchema,
  loadConfig,
  type ProcessorEnv,
  ProcessorEnv as ProcessorEnvSchema,
} from "@loyalty/platform";
import { createRedis, type RedisClient, streamKeys } from "@loyalty/streams";
import { createTestRedis, type TestRedis } from "@loyalty/testing";
import { Command } from "commander";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { registerLoadgenCommand } from "../src/commands/loadgen.ts";
import { redisLagReader } from "../src/loadgen/lag-source.ts";
import { runLoadgen } from "../src/loadgen/run-loadgen.ts";
import type { LoadgenSummary } from "../src/loadgen/summary.ts";
import { loadService } from "../src/service-loader.ts";

/*
 * The load generator against the real ingest (and, for --wait, a real processor and a migrated
 * database), started in this process on 127.0.0.1:0 over a test Redis prefix.
 */
const PARTITIONS = 4;
const SECRET = "loadgen-test-secret";

interface Running {
  close: () => Promise<void>;
}
interface IngestModule {
  startIngest(
    config: IngestEnv,
    options: { handleSignals: boolean },
  ): Promise<Running & { app: { server: { address(): unknown } } }>;
}
interface ProcessorModule {
  startProcessor(config: ProcessorEnv, options: { handleSignals: boolean }): Promise<Running>;
}

let redis: TestRedis;
let ingest: Awaited<ReturnType<IngestModule["startIngest"]>>;
let ingestUrl: URL;

const streamLength = async () => {
  const keys = streamKeys({ prefix: redis.prefix, partitions: PARTITIONS });
  const lengths = await Promise.all(keys.all().map((p) => redis.client.xlen(keys.events(p))));
  return lengths.reduce((sum, n) => sum + n, 0);
};

const expectConsistent = (summary: LoadgenSummary) => {
  expect(summary.sent).toBe(summary.accepted + summary.duplicates + summary.ignored + summary.errorCount);
  expect(summary.sent + summary.skipped).toBe(summary.planned);
};

beforeAll(async () => {
  redis = await createTestRedis("loadgen");
  const { startIngest } = await loadService<IngestModule>("ingest");
  ingest = await startIngest(
    loadConfig(IngestEnvSchema, {
      REDIS_URL: redis.url,
      STREAM_PREFIX: redis.prefix,
      STREAM_PARTITIONS: String(PARTITIONS),
      SHOPIFY_API_SECRETS: `${SECRET},${DEVELOPMENT_SHOPIFY_API_SECRET}`,
      INGEST_PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
    }),
    { handleSignals: false },
  );
  const address = ingest.app.server.address() as AddressInfo;
  ingestUrl = new URL(`http://127.0.0.1:${address.port}`);
});

afterAll(async () => {
  await ingest?.close();
  await redis?.cleanup();
});

describe("loadgen against a real ingest", () => {
  it("sends rate × duration signed webhooks, all accepted or duplicate, and the summary adds up", async () => {
    const before = await streamLength();
    const { summary } = await runLoadgen({
      rate: 50,
      durationMs: 1_000,
      customers: 10,
      url: ingestUrl,
      shop: "loadgen-test.myshopify.com",
      secret: SECRET,
      duplicates: 0.1,
      refunds: 0.2,
      maxInFlight: 16,
    });

    expect(summary.planned).toBe(50);
    expect(summary.sent).toBeGreaterThanOrEqual(45);
    expect(summary.sent).toBeLessThanOrEqual(50);
    expectConsistent(summary);
    expect(summary.errorCount).toBe(0);
    expect(summary.ignored).toBe(0);
    expect(summary.accepted + summary.duplicates).toBe(summary.sent);
    // Every exact repeat is recognised by its webhook id; everything else reached a stream.
    expect(summary.duplicates).toBe(summary.redeliveriesSent);
    expect((await streamLength()) - before).toBe(summary.accepted);
    expect(summary.ingestLatencyMs?.p50).toBeGreaterThan(0);
    expect(summary.ingestLatencyMs!.p99).toBeGreaterThanOrEqual(summary.ingestLatencyMs!.p50);
  });

  it("counts answers that are not 2xx as errors by status, and the summary still adds up", async () => {
    const { summary } = await runLoadgen({
      rate: 20,
      durationMs: 500,
      customers: 3,
      url: ingestUrl,
      shop: "loadgen-test.myshopify.com",
      secret: "not-the-secret",
      duplicates: 0,
      refunds: 0,
      maxInFlight: 4,
    });
    expect(summary.errors).toEqual({ "401": summary.sent });
    expect(summary.accepted).toBe(0);
    expectConsistent(summary);
  });

  it("counts a refused connection as a transport error instead of failing the run", async () => {
    const { summary } = await runLoadgen({
      rate: 10,
      durationMs: 300,
      customers: 1,
      url: new URL("http://127.0.0.1:1"),
      shop: "loadgen-test.myshopify.com",
      secret: SECRET,
      duplicates: 0,
      refunds: 0,
      maxInFlight: 2,
    });
    expect(summary.errors).toEqual({ ECONNREFUSED: summary.sent });
    expectConsistent(summary);
  });
});

describe("the loadgen command", () => {
  const output: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    output.length = 0;
  });
  const run = async (...args: string[]) => {
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    });
    const program = new Command("loyalty").exitOverride();
    registerLoadgenCommand(program);
    await program.parseAsync(["node", "loyalty", "loadgen", ...args]);
  };

  it("signs with the development secret by default and prints a JSON summary", async () => {
    vi.stubEnv("SHOPIFY_API_SECRET", "");
    await run("--rate", "20", "--duration", "0.5", "--url", ingestUrl.href, "--json", "--duplicates", "0");
    vi.unstubAllEnvs();
    const summary = JSON.parse(output.join("")) as LoadgenSummary;
    expect(summary).toMatchObject({ planned: 10, errorCount: 0, duplicates: 0, accepted: summary.sent });
  });

  it("refuses a target that is not on this machine", async () => {
    await expect(
      run("--rate", "1", "--duration", "1", "--url", "http://example.com:3000"),
    ).rejects.toMatchObject({
      code: "non_local_target",
    });
  });

  it("names the flag that is out of range", async () => {
    await expect(run("--rate", "10", "--duration", "1", "--duplicates", "1.5")).rejects.toThrow(
      "--duplicates must be between 0 and 1",
    );
  });
});

describe("loadgen --wait against ingest, a processor and Postgres", () => {
  let database: MigratedTestDatabase;
  let processor: Running;
  let statusRedis: RedisClient;

  beforeAll(async () => {
    database = await createMigratedTestDatabase({ label: "loadgen" });
    const { startProcessor } = await loadService<ProcessorModule>("processor");
    processor = await startProcessor(
      loadConfig(ProcessorEnvSchema, {
        REDIS_URL: redis.url,
        DATABASE_URL: database.url,
        STREAM_PREFIX: redis.prefix,
        STREAM_PARTITIONS: String(PARTITIONS),
        METRICS_PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "silent",
        BLOCK_MS: "50",
        RETRY_BASE_MS: "20",
        RETRY_CAP_MS: "200",
        MAX_ATTEMPTS: "30",
      }),
      { handleSignals: false },
    );
    statusRedis = createRedis({ url: redis.url, name: "loadgen-status", mode: "worker" });
  });

  afterAll(async () => {
    await processor?.close();
    statusRedis?.disconnect();
    await database?.cleanup();
  });

  it("waits until every accepted event is committed and reports end-to-end latency and the lag curve", async () => {
    const { summary } = await runLoadgen({
      rate: 40,
      durationMs: 1_000,
      customers: 5,
      url: ingestUrl,
      shop: "loadgen-wait.myshopify.com",
      secret: SECRET,
      duplicates: 0.05,
      refunds: 0.3,
      maxInFlight: 8,
      wait: { sql: database.sql, timeoutMs: 30_000 },
      lag: redisLagReader(statusRedis, streamKeys({ prefix: redis.prefix, partitions: PARTITIONS })),
    });

    expectConsistent(summary);
    expect(summary.errorCount).toBe(0);
    expect(summary.processing).toMatchObject({ timedOut: false, expected: summary.accepted });
    expect(summary.processing?.processed).toBe(summary.accepted);
    expect(summary.processing?.endToEndMs?.p50).toBeGreaterThan(0);
    expect(summary.lag?.length).toBeGreaterThan(0);
    expect(summary.lag?.at(-1)?.lag).toBe(0);
  });
});
