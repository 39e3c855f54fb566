import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { LoyaltyError } from "@loyalty/core";
import { closeDb, createDb, type Database, importRules, migrate, replaceTiers } from "@loyalty/db";
import { BaseEnv, loadConfig } from "@loyalty/platform";
import { createRedis, type RedisClient, type StreamKeys, streamKeys } from "@loyalty/streams";
import { Redis } from "ioredis";
import postgres from "postgres";
import { DEFAULT_LOADGEN_SHOP } from "../../packages/cli/src/loadgen/index.ts";
import { type AlertReceiver, startAlertReceiver } from "./alert-receiver.ts";
import { freePort, type Service, startService, waitForReady } from "./children.ts";
import { type Monitoring, startMonitoring } from "./monitoring.ts";
import { RULES, TIERS } from "./sample-rules.ts";

export const DRILL_SECRET = "drill-secret";
export const DRILL_SHOP = DEFAULT_LOADGEN_SHOP;

/** A Node service from sources takes seconds to start, and much longer on a busy 2-core machine. */
const READY_TIMEOUT_MS = 180_000;

export const out = (line = "") => process.stdout.write(`${line}\n`);
export const step = (title: string) => out(`\n== ${title}`);

/** Everything a drill runs: ingest, processors, Prometheus, Alertmanager and the receiver. */
export interface DrillStack {
  keys: StreamKeys;
  redis: RedisClient;
  database: Database;
  env: NodeJS.ProcessEnv;
  logDir: string;
  ingestUrl: URL;
  ingest: Service;
  /** The processors now running (empty while they are stopped). */
  processors: Service[];
  monitoring: Monitoring;
  receiver: AlertReceiver;
  stopProcessors(): Promise<void>;
  /** Starts them again on the same metrics ports, so Prometheus sees the same targets return. */
  startProcessors(extraEnv?: NodeJS.ProcessEnv): Promise<void>;
  close(): Promise<void>;
}

export interface DrillStackOptions {
  /** Database name and log directory stem, e.g. "lag-drill". */
  name: string;
  partitions: number;
  processors: number;
  /** Extra environment for the processors (retry settings). */
  processorEnv?: NodeJS.ProcessEnv;
}

/**
 * A fresh database (migrated, sample rules) and stream prefix on the local servers, ingest
 * and the processors as child processes (each service's src/main.ts), and the monitoring
 * scraping all of them. Waits until Prometheus sees every target up and the stream gauges
 * exported by ingest and the processors alike.
 */
export async function startDrillStack(options: DrillStackOptions): Promise<DrillStack> {
  const config = loadConfig(BaseEnv);
  const dbName = options.name.replaceAll("-", "_");
  const databaseUrl = new URL(config.DATABASE_URL);
  databaseUrl.pathname = `/${dbName}`;
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = "/postgres";
  const prefix = `${options.name}-${Date.now().toString(36)}`;
  const keys = streamKeys({ prefix, partitions: options.partitions });
  const logDir = mkdtempSync(path.join(tmpdir(), `loyalty-${options.name}-`));

  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  await migrate(databaseUrl.toString(), { createDatabase: true });
  const database = createDb(databaseUrl.toString(), { max: 2, applicationName: options.name });
  await importRules(database.sql, DRILL_SHOP, RULES);
  await replaceTiers(database.sql, DRILL_SHOP, TIERS);
  const redis = createRedis({ url: config.REDIS_URL, name: options.name, mode: "worker" });
  out(`  DATABASE_URL=${databaseUrl}  STREAM_PREFIX=${prefix}  STREAM_PARTITIONS=${options.partitions}`);
  out(`  logs and drill configs: ${logDir}`);

  const ingestPort = await freePort();
  const processorPorts: number[] = [];
  for (let i = 0; i < options.processors; i++) processorPorts.push(await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    REDIS_URL: config.REDIS_URL,
    DATABASE_URL: databaseUrl.toString(),
    STREAM_PREFIX: prefix,
    STREAM_PARTITIONS: String(options.partitions),
    SHOPIFY_API_SECRET: DRILL_SECRET,
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
  };
  const receiver = await startAlertReceiver();
  const ingest = startService("ingest", "ingest", { ...env, INGEST_PORT: String(ingestPort) }, logDir);
  await waitForReady(ingest, `http://127.0.0.1:${ingestPort}/readyz`, READY_TIMEOUT_MS);
  let processors: Service[] = [];
  let generation = 0;
  let monitoring: Monitoring | undefined;
  const stack: DrillStack = {
    keys,
    redis,
    database,
    env,
    logDir,
    ingestUrl: new URL(`http://127.0.0.1:${ingestPort}`),
    ingest,
    get processors() {
      return processors;
    },
    get monitoring() {
      if (!monitoring) throw new LoyaltyError("drill_not_started", "Prometheus is not running yet");
      return monitoring;
    },
    receiver,
    async stopProcessors() {
      await Promise.all(processors.map((processor) => processor.stop()));
      processors = [];
    },
    async startProcessors(extraEnv?: NodeJS.ProcessEnv) {
      generation += 1;
      processors = processorPorts.map((port, i) =>
        startService(
          `processor-${i + 1}${generation > 1 ? `-run${generation}` : ""}`,
          "processor",
          { ...env, ...options.processorEnv, ...extraEnv, METRICS_PORT: String(port) },
          logDir,
        ),
      );
      await Promise.all(
        processors.map((processor, i) =>
          waitForReady(processor, `http://127.0.0.1:${processorPorts[i]}/readyz`, READY_TIMEOUT_MS),
        ),
      );
    },
    async close() {
      await stack.stopProcessors();
      await ingest.stop();
      await monitoring?.stop();
      await receiver.close();
      await deleteKeys(redis, prefix);
      redis.disconnect();
      await closeDb(database);
    },
  };
  try {
    await stack.startProcessors();
    out(
      `  ingest pid ${ingest.child.pid} :${ingestPort}; processors ${processors.map((p) => `pid ${p.child.pid}`).join(", ")} :${processorPorts.join(", :")}`,
    );
    // Prometheus last: it scrapes from its first second, and a service still starting would
    // count as down (LoyaltyTargetDown) before the drill has begun.
    const started = await startMonitoring({
      targets: {
        ingest: [`127.0.0.1:${ingestPort}`],
        processor: processorPorts.map((port) => `127.0.0.1:${port}`),
      },
      receiverUrl: receiver.url,
      workDir: logDir,
    });
    monitoring = started;
    out(
      `  Prometheus ${started.prometheusUrl}  Alertmanager ${started.alertmanagerUrl}  receiver ${receiver.url}`,
    );
    await waitUntil(
      async () => {
        const up = await started.query("up == 1");
        const exporters = await started.query("count by (job) (loyalty_stream_lag)");
        return up.length === 1 + options.processors && exporters.length === 2;
      },
      60_000,
      "Prometheus to see every target up and the stream gauges from ingest and the processors",
    );
    out("  Prometheus scrapes every target; ingest and the processors both export loyalty_stream_lag");
    return stack;
  } catch (error) {
    await stack.close();
    throw error;
  }
}

/** Polls `check` every 500 ms until it is true; fails with `what` after `timeoutMs`. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new LoyaltyError("drill_timeout", `timed out waiting for ${what}`);
    await delay(500);
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
