/**
 * `pnpm bench:processor`: events/s from preloaded streams to committed ledger with ONE
 * processor, against the seeds' BullMQ design, plus rule evaluation alone — in one run, since
 * the 2-core machine is shared and only ratios taken together mean anything. Writes the
 * `processor` section of docs/benchmarks.md. A figure, not a test.
 *
 * Environment: BENCH_EVENTS (200000), BENCH_CUSTOMERS (10000), BATCH_SIZE (500),
 * BASELINE_EVENTS (20000, 0 to skip), BASELINE_CONCURRENCY (16), BENCH_RULES (1; 0 to skip),
 * BENCH_CPU_PROF (a folder: the processor runs with --cpu-prof into it), BENCH_NODE_FLAGS
 * (extra node flags for the processor, space-separated), BENCH_WRITE (1; 0 to
 * only print), DATABASE_URL (admin URL of the server; scratch databases are made beside it),
 * REDIS_URL.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { verifyLedger } from "@loyalty/db";
import { streamKeys } from "@loyalty/streams";
import { machineDescription, writeBenchmarkSection } from "@loyalty/testing/bench";
import { Redis } from "ioredis";
import { benchRuleEvaluation } from "../../../packages/rules/bench/rule-evaluation.bench.ts";
import { eventMix } from "./bench-events.ts";
import { preloadStreams } from "./preload-streams.ts";
import { renderReport } from "./report.ts";
import { runBullmqBaseline } from "./run-bullmq-baseline.ts";
import { runProcessor } from "./run-processor.ts";
import { createScratchDatabase, deleteKeys, type ScratchDatabase } from "./scratch.ts";

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer`);
  return value;
};
const EVENTS = env("BENCH_EVENTS", 200_000);
const CUSTOMERS = env("BENCH_CUSTOMERS", 10_000);
const BATCH_SIZE = env("BATCH_SIZE", 500);
const BASELINE_EVENTS = env("BASELINE_EVENTS", 20_000);
const BASELINE_CONCURRENCY = env("BASELINE_CONCURRENCY", 16);
const RULES = env("BENCH_RULES", 1) > 0;
const WRITE = env("BENCH_WRITE", 1) > 0;
const CPU_PROF = process.env.BENCH_CPU_PROF;
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean);
const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const COMMAND = "pnpm bench:processor";

const runId = randomBytes(4).toString("hex");
const streamPrefix = `bench-proc-${runId}`;
const bullPrefix = `bench-bull-${runId}`;
const redis = new Redis(REDIS_URL, { lazyConnect: false });
const scratch: ScratchDatabase[] = [];
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
/** refundLag: see eventMix; for the processor, beyond one full read (16 streams × COUNT). */
const mix = (count: number, refundLag: number) => {
  const counts: Record<string, number> = {};
  const events = [
    ...eventMix({
      count,
      customers: CUSTOMERS,
      refundLag,
      runId,
      receivedAt: new Date().toISOString(),
    }),
  ];
  for (const event of events) counts[event.type] = (counts[event.type] ?? 0) + 1;
  const described = Object.entries(counts)
    .map(([type, n]) => `${n.toLocaleString("en-US")} ${type}`)
    .join(", ");
  return { events, described };
};

try {
  const rules = RULES ? await benchRuleEvaluation() : null;
  if (rules)
    log(
      `rule evaluation: compiled ${rules.compiledPerSecond}/s, json-rules-engine ${rules.enginePerSecond}/s (${rules.ratio}×)`,
    );

  const procDb = await createScratchDatabase(ADMIN_URL, "proc");
  scratch.push(procDb);
  const keys = streamKeys({ prefix: streamPrefix, partitions: 16 });
  const processorMix = mix(EVENTS, Math.max(2 * keys.partitions * BATCH_SIZE, Math.floor(EVENTS / 10)));
  const preloadStarted = performance.now();
  const { written } = await preloadStreams(redis, keys, processorMix.events);
  log(
    `preloaded ${written} events in ${((performance.now() - preloadStarted) / 1000).toFixed(1)} s (${processorMix.described})`,
  );
  processorMix.events.length = 0; // the streams hold them now; free the memory
  if (CPU_PROF) mkdirSync(CPU_PROF, { recursive: true });
  const processor = await runProcessor({
    databaseUrl: procDb.url,
    databaseName: procDb.name,
    redisUrl: REDIS_URL,
    keys,
    sql: procDb.sql,
    redis,
    expected: written,
    batchSize: BATCH_SIZE,
    nodeFlags: [
      ...NODE_FLAGS,
      ...(CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(CPU_PROF)}`] : []),
    ],
    timeoutMs: Math.max(120_000, written),
  });
  log(
    `processor: ${Math.round(processor.eventsPerSecond)} events/s (${processor.seconds.toFixed(2)} s, load ${processor.loadBefore} → ${processor.loadAfter})`,
  );
  const procVerify = await verifyLedger(procDb.sql);
  if (!procVerify.ok)
    throw new Error(`processor ledger does not verify: ${JSON.stringify(procVerify.mismatches.slice(0, 3))}`);
  const [size] = await procDb.sql<{ mb: number; buffers: string }[]>`
    SELECT (pg_database_size(current_database()) / 1048576)::int AS mb, current_setting('shared_buffers') AS buffers`;
  const processorVerified = `verifyLedger: clean over ${procVerify.customersChecked.toLocaleString("en-US")} customers. The database ends at ${size!.mb} MB against shared_buffers = ${size!.buffers} on this server, so late in the run most index pages the random event ids land on are read back from the OS cache and evicted again.`;

  let baseline = null;
  let baselineVerified = "";
  if (BASELINE_EVENTS > 0) {
    const baseDb = await createScratchDatabase(ADMIN_URL, "bullmq");
    scratch.push(baseDb);
    baseline = await runBullmqBaseline({
      databaseUrl: baseDb.url,
      redisUrl: REDIS_URL,
      prefix: bullPrefix,
      events: mix(BASELINE_EVENTS, Math.max(1_000, Math.floor(BASELINE_EVENTS / 10))).events,
      concurrency: BASELINE_CONCURRENCY,
      timeoutMs: Math.max(120_000, BASELINE_EVENTS * 20),
    });
    log(
      `baseline: ${Math.round(baseline.eventsPerSecond)} events/s (${baseline.seconds.toFixed(2)} s, load ${baseline.loadBefore} → ${baseline.loadAfter})`,
    );
    const baseVerify = await verifyLedger(baseDb.sql);
    if (!baseVerify.ok)
      throw new Error(
        `baseline ledger does not verify: ${JSON.stringify(baseVerify.mismatches.slice(0, 3))}`,
      );
    baselineVerified = `verifyLedger: clean over ${baseVerify.customersChecked.toLocaleString("en-US")} customers.`;
  }

  const report = renderReport({
    command: COMMAND,
    date: new Date().toISOString().slice(0, 10),
    machine: machineDescription(),
    batchSize: BATCH_SIZE,
    customers: CUSTOMERS,
    processor,
    processorMix: processorMix.described,
    processorVerified,
    baseline,
    baselineConcurrency: BASELINE_CONCURRENCY,
    baselineVerified,
    rules,
  });
  console.log(`\n${report}\n`);
  if (WRITE) {
    writeBenchmarkSection("processor", report);
    log("wrote the processor section of docs/benchmarks.md");
  }
} finally {
  for (const database of scratch) await database.drop().catch((error: unknown) => console.error(error));
  const deleted = (await deleteKeys(redis, streamPrefix)) + (await deleteKeys(redis, bullPrefix));
  log(`dropped ${scratch.length} scratch databases and ${deleted} Redis keys`);
  redis.disconnect();
}
