/*
 * Lag drill (`pnpm drill:lag`): proves on the local Redis and Postgres that a backlog shows up
 * in loyalty_stream_lag, trips the LoyaltyStreamLagHigh condition of prometheus/alerts.yml,
 * and drains back to 0 once a processor runs again.
 *
 *   1. fresh database loyalty_drill (migrated, sample rules) and a fresh STREAM_PREFIX
 *   2. ingest + one processor as child processes (each service's src/main.ts, METRICS_PORT set)
 *   3. SIGTERM the processor
 *   4. push load with the loadgen (open model, signed webhooks)
 *   5. scrape the lag gauge with no processor running and evaluate the alert expression
 *   6. start the processor again, sample the lag each second
 *   7. exit 0 once lag (and pending) are 0 and every accepted event is committed
 *
 * Options: --partitions 2 --rate 500 --duration 6 --recovery-timeout 180
 * The alert is per partition (max by (partition) … > 1000), so the load must put more than 1000
 * events on at least one partition: 3000 webhooks over 2 partitions do (~1400 each), at a rate
 * a 2-core machine running ingest and the load generator side by side keeps up with.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { parseArgs } from "node:util";
import { LoyaltyError } from "@loyalty/core";
import { closeDb, createDb, importRules, migrate, replaceTiers } from "@loyalty/db";
import { BaseEnv, loadConfig } from "@loyalty/platform";
import {
  createRedis,
  PROCESSOR_GROUP,
  partitionStatus,
  type RedisClient,
  streamKeys,
} from "@loyalty/streams";
import { Redis } from "ioredis";
import postgres from "postgres";
import {
  countProcessed,
  DEFAULT_LOADGEN_SHOP,
  endToEndLatency,
  formatSummary,
  type LagSample,
  lagCurveLines,
  progressBars,
  redisLagReader,
  runLoadgen,
  startLagSampler,
} from "../../packages/cli/src/loadgen/index.ts";
import { type Evaluation, evaluateThreshold, loadAlertRule } from "./alert-rule.ts";
import { freePort, REPO_ROOT, runCommand, type Service, startService, waitForReady } from "./children.ts";
import { startLagExporter } from "./lag-exporter.ts";
import { type PromSample, scrape, total } from "./prom-text.ts";
import { RULES, TIERS } from "./sample-rules.ts";

const { values: flags } = parseArgs({
  options: {
    partitions: { type: "string", default: "2" },
    rate: { type: "string", default: "500" },
    duration: { type: "string", default: "6" },
    "recovery-timeout": { type: "string", default: "180" },
  },
});
const PARTITIONS = Number(flags.partitions);
const RATE = Number(flags.rate);
const DURATION_S = Number(flags.duration);
const RECOVERY_TIMEOUT_MS = Number(flags["recovery-timeout"]) * 1000;
const ALERT = "LoyaltyStreamLagHigh";
const SECRET = "lag-drill-secret";
const SHOP = DEFAULT_LOADGEN_SHOP;

const out = (line = "") => process.stdout.write(`${line}\n`);
const step = (title: string) => out(`\n== ${title}`);

function printEvaluation(expr: string, evaluation: Evaluation, source: string): void {
  out(`  expr: ${expr.trim()}   (evaluated on ${source})`);
  for (const series of evaluation.series.sort(
    (a, b) => Number(a.labels.partition) - Number(b.labels.partition),
  )) {
    const labels = Object.entries(series.labels)
      .map(([key, value]) => `${key}="${value}"`)
      .join(",");
    out(
      `  {${labels}}  ${String(series.value).padStart(6)} ${evaluation.operator} ${evaluation.threshold}  → ${series.active ? "TRUE" : "false"}`,
    );
  }
}

async function main(): Promise<boolean> {
  // The local servers of the environment (REDIS_URL, DATABASE_URL); the drill picks its own database name.
  const config = loadConfig(BaseEnv);
  const redisUrl = config.REDIS_URL;
  const databaseUrl = new URL(config.DATABASE_URL);
  databaseUrl.pathname = "/loyalty_drill";
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = "/postgres";
  const prefix = `drill-${Date.now().toString(36)}`;
  const keys = streamKeys({ prefix, partitions: PARTITIONS });
  const logDir = mkdtempSync(path.join(tmpdir(), "loyalty-lag-drill-"));

  step("1/7 fresh database loyalty_drill and stream prefix");
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe("DROP DATABASE IF EXISTS loyalty_drill WITH (FORCE)");
  await admin.end();
  await migrate(databaseUrl.toString(), { createDatabase: true });
  const database = createDb(databaseUrl.toString(), { max: 2, applicationName: "lag-drill" });
  await importRules(database.sql, SHOP, RULES);
  await replaceTiers(database.sql, SHOP, TIERS);
  out(`  DATABASE_URL=${databaseUrl}  STREAM_PREFIX=${prefix}  STREAM_PARTITIONS=${PARTITIONS}`);
  out(`  service logs: ${logDir}`);

  const redis = createRedis({ url: redisUrl, name: "lag-drill", mode: "worker" });
  const [ingestPort, metricsPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    REDIS_URL: redisUrl,
    DATABASE_URL: databaseUrl.toString(),
    STREAM_PREFIX: prefix,
    STREAM_PARTITIONS: String(PARTITIONS),
    SHOPIFY_API_SECRET: SECRET,
    HOST: "127.0.0.1",
    INGEST_PORT: String(ingestPort),
    METRICS_PORT: String(metricsPort),
    LOG_LEVEL: "warn",
  };
  const processorMetrics = `http://127.0.0.1:${metricsPort}/metrics`;
  const services: Service[] = [];
  const exporter = await startLagExporter({ redis, keys });
  let recovered = false;

  try {
    step("2/7 start ingest and one processor (child processes)");
    const ingest = startService("ingest", "ingest", env, logDir);
    let processor = startService("processor", "processor", env, logDir);
    services.push(ingest, processor);
    await Promise.all([
      waitForReady(ingest, `http://127.0.0.1:${ingestPort}/readyz`),
      waitForReady(processor, `http://127.0.0.1:${metricsPort}/readyz`),
    ]);
    out(`  ingest    pid ${ingest.child.pid}  http://127.0.0.1:${ingestPort}`);
    out(`  processor pid ${processor.child.pid}  ${processorMetrics}`);
    // The processor refreshes its stream gauges every 5 s: wait for the first refresh.
    const baseline = await pollUntil(
      () => scrape(processorMetrics),
      (s) => total(s, "loyalty_stream_lag") !== null,
      15_000,
    );
    out(`  processor exports loyalty_stream_lag, total ${total(baseline, "loyalty_stream_lag")}`);

    step("3/7 stop the processor (SIGTERM)");
    out(`  processor ${await processor.stop()}; nothing consumes the streams now`);

    step(`4/7 push load: loadgen --rate ${RATE} --duration ${DURATION_S}`);
    const building = startLagSampler({
      read: redisLagReader(redis, keys),
      intervalMs: 1_000,
      now: Date.now,
      startedAt: Date.now(),
    });
    const { summary: load, acceptedEventIds: eventIds } = await runLoadgen({
      rate: RATE,
      durationMs: DURATION_S * 1000,
      customers: 500,
      url: new URL(`http://127.0.0.1:${ingestPort}`),
      shop: SHOP,
      secret: SECRET,
      duplicates: 0.05,
      refunds: 0.1,
      maxInFlight: 64,
      progress: progressBars(),
    });
    for (const line of formatSummary(load)) out(`  ${line}`);
    for (const line of lagCurveLines(await building.stop()).slice(0, 2)) out(`  ${line}`);
    if (load.errorCount > 0)
      throw new LoyaltyError(
        "drill_load_failed",
        `${load.errorCount} webhooks failed; see ${ingest.logFile}`,
      );

    step("5/7 lag with no processor running");
    out("  No processor runs, so none exports loyalty_stream_lag. A metrics-only exporter (the");
    out("  processor's StreamMetrics + partitionStatus, without consuming) stands in for it:");
    await delay(1_200); // one exporter refresh after the last webhook
    const down = await scrape(exporter.metricsUrl);
    out(`  scraped ${exporter.metricsUrl}: loyalty_stream_lag total ${total(down, "loyalty_stream_lag")}`);
    await runCommand(["streams", "status", "--json"], env)
      .then((stdout) => {
        const rows = JSON.parse(stdout) as Array<{ lag: number | null }>;
        out(
          `  cross-check, loyalty streams status: total lag ${rows.reduce((sum, row) => sum + (row.lag ?? 0), 0)}`,
        );
      })
      .catch((error: unknown) => out(`  cross-check with loyalty streams status skipped: ${String(error)}`));
    const rule = loadAlertRule(path.join(REPO_ROOT, "prometheus/alerts.yml"), ALERT);
    const firing = evaluateThreshold(rule.expr, down);
    out(`  alert ${ALERT} (for: ${rule.for ?? "0s"}):`);
    printEvaluation(rule.expr, firing, "the exporter's scrape");
    const active = firing.series.filter((series) => series.active).length;
    out(
      active > 0
        ? `  → condition TRUE for ${active} partition(s): the alert goes pending now and fires if it holds for ${rule.for ?? "0s"}`
        : "  → condition false on every partition: push more load (--rate/--duration) or use fewer --partitions",
    );
    if (active === 0) return false;

    step("6/7 restart the processor; lag sampled each second");
    processor = startService("processor-2", "processor", env, logDir);
    services.push(processor);
    const started = Date.now();
    const samples: LagSample[] = [];
    let processorSeen: PromSample[] = [];
    let processed = 0;
    out("     t    lag  pending  processor gauge  processed");
    while (Date.now() - started < RECOVERY_TIMEOUT_MS) {
      const atSeconds = Math.round((Date.now() - started) / 100) / 10;
      const rows = await partitionStatus(redis, keys, PROCESSOR_GROUP);
      const lag = rows.reduce<number | null>(
        (sum, row) => (sum === null || row.lag === null ? null : sum + row.lag),
        0,
      );
      const pending = rows.reduce((sum, row) => sum + row.pending, 0);
      processorSeen = await scrape(processorMetrics).catch(() => []);
      const gauge = total(processorSeen, "loyalty_stream_lag");
      processed = await countProcessed(database.sql, eventIds);
      samples.push({ atSeconds, lag, pending });
      out(
        `  ${atSeconds.toFixed(0).padStart(4)}s ${String(lag ?? "?").padStart(6)} ${String(pending).padStart(8)} ${String(gauge ?? "-").padStart(16)} ${String(processed).padStart(6)}/${eventIds.length}`,
      );
      if (lag === 0 && pending === 0 && gauge === 0 && processed === eventIds.length) {
        recovered = true;
        break;
      }
      await delay(1_000);
    }

    step("7/7 result");
    for (const line of lagCurveLines(samples)) out(`  ${line}`);
    const cleared = evaluateThreshold(rule.expr, processorSeen);
    printEvaluation(rule.expr, cleared, "the restarted processor's own /metrics");
    const e2e = await endToEndLatency(database.sql, eventIds);
    if (e2e) {
      out(
        `  received → committed: p50 ${e2e.p50.toFixed(0)} ms, p99 ${e2e.p99.toFixed(0)} ms (includes the time with no processor)`,
      );
    }
    out(
      recovered
        ? `  lag back to 0 on every partition; ${processed} of ${eventIds.length} accepted events committed. Drill passed.`
        : `  lag did not return to 0 within ${RECOVERY_TIMEOUT_MS / 1000} s. Drill FAILED (logs: ${logDir}).`,
    );
    return recovered && cleared.series.every((series) => !series.active);
  } finally {
    for (const service of services.reverse()) await service.stop();
    await exporter.close();
    await deleteKeys(redis, prefix);
    redis.disconnect();
    await closeDb(database);
  }
}

async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > deadline)
      throw new LoyaltyError("drill_timeout", "timed out waiting for the processor's first metrics");
    await delay(250);
  }
}

/** The drill's keys go when it ends (standalone Redis: SCAN sees every key). */
async function deleteKeys(redis: RedisClient, prefix: string): Promise<void> {
  if (!(redis instanceof Redis)) return;
  let cursor = "0";
  do {
    const [next, found] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
    cursor = next;
    if (found.length > 0) await redis.unlink(...found);
  } while (cursor !== "0");
}

try {
  process.exit((await main()) ? 0 : 1);
} catch (error) {
  console.error(`lag drill: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
