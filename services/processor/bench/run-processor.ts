import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { PROCESSOR_GROUP, partitionStatus, type StreamKeys } from "@loyalty/streams";
import type { Redis } from "ioredis";
import type postgres from "postgres";
import { cpuSecondsOf, freePort, loadAverage, processCpuSeconds } from "./proc-stats.ts";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));

export interface ProcessorRunOptions {
  databaseUrl: string;
  databaseName: string;
  redisUrl: string;
  keys: StreamKeys;
  /** Reads the scratch database (polling and CPU sampling); not the processor's pool. */
  sql: postgres.Sql;
  /** The bench's own Redis client (status polling). */
  redis: Redis;
  expected: number;
  batchSize: number;
  /** Extra node flags for the child, e.g. --cpu-prof. */
  nodeFlags: readonly string[];
  timeoutMs: number;
}

export interface ProcessorRunResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** CPU µs per event: the processor process, and the Postgres backends serving it. */
  nodeMicros: number;
  postgresMicros: number;
  outcomes: Record<string, number>;
  meanBatchMs: number;
  loadBefore: string;
  loadAfter: string;
}

/**
 * Runs the real processor (`services/processor/src/main.ts`, what `loyalty processor` runs)
 * in a child process against the preloaded streams and times it from "processor started" to
 * the moment every event is committed: all partitions have nothing unread, pending or
 * waiting for a retry (entries are acked only after their batch commits), confirmed by
 * count(*) of processed_events. Redis status is polled every 50 ms rather than count(*),
 * whose sequential scan over 200k rows would itself load the 2-core machine.
 */
export async function runProcessor(options: ProcessorRunOptions): Promise<ProcessorRunResult> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--conditions=source", ...options.nodeFlags, MAIN], {
    env: {
      ...process.env,
      NODE_ENV: "development",
      LOG_LEVEL: "info",
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl,
      STREAM_PREFIX: options.keys.prefix,
      STREAM_PARTITIONS: String(options.keys.partitions),
      BATCH_SIZE: String(options.batchSize),
      METRICS_PORT: String(port),
      HOST: "127.0.0.1",
      CONSUMER_NAME: "bench-processor",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await startedLine(child);
    const loadBefore = loadAverage();
    const backendsBefore = await backendCpu(options.sql, options.databaseName);
    const nodeBefore = processCpuSeconds(child.pid!);
    const started = performance.now();
    const deadline = Date.now() + options.timeoutMs;
    let committed = 0;
    for (;;) {
      if (Date.now() > deadline)
        throw new Error(`processor did not finish in ${options.timeoutMs} ms (${committed} committed)`);
      if (child.exitCode !== null) throw new Error(`processor exited early with code ${child.exitCode}`);
      const status = await partitionStatus(options.redis, options.keys, PROCESSOR_GROUP);
      const drained = status.every((p) => p.lag === 0 && p.pending === 0 && p.retrying === 0);
      const dead = status.reduce((sum, p) => sum + p.dlq, 0);
      if (drained || dead > 0) {
        committed = await countProcessed(options.sql);
        if (committed >= options.expected || (drained && dead > 0)) break;
      }
      await sleep(50);
    }
    const seconds = (performance.now() - started) / 1000;
    const nodeSeconds = processCpuSeconds(child.pid!) - nodeBefore;
    const backendsAfter = await backendCpu(options.sql, options.databaseName);
    const postgresSeconds = [...backendsAfter].reduce(
      (sum, [pid, cpu]) => sum + cpu - (backendsBefore.get(pid) ?? 0),
      0,
    );
    const metrics = await scrape(port);
    if (committed !== options.expected)
      throw new Error(`expected ${options.expected} processed events, found ${committed}`);
    return {
      events: committed,
      seconds,
      eventsPerSecond: committed / seconds,
      nodeMicros: (nodeSeconds * 1e6) / committed,
      postgresMicros: (postgresSeconds * 1e6) / committed,
      outcomes: metrics.outcomes,
      meanBatchMs: metrics.meanBatchMs,
      loadBefore,
      loadAfter: loadAverage(),
    };
  } finally {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  }
}

/** Resolves at the child's "processor started" log line (pino JSON on stdout). */
async function startedLine(child: ChildProcess): Promise<void> {
  let buffer = "";
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`processor exited with code ${code} before starting`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let newline = buffer.indexOf("\n");
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.includes('"processor started"')) resolve();
        else if (/"level":(40|50|60)/.test(line)) process.stderr.write(`processor: ${line}\n`);
        newline = buffer.indexOf("\n");
      }
    });
  });
}

async function countProcessed(sql: postgres.Sql): Promise<number> {
  const [row] = await sql<{ count: string }[]>`SELECT count(*) AS count FROM processed_events`;
  return Number(row?.count ?? 0);
}

/** CPU seconds so far of each backend the processor holds on the scratch database. */
async function backendCpu(sql: postgres.Sql, database: string): Promise<Map<number, number>> {
  const rows = await sql<{ pid: number }[]>`
    SELECT pid FROM pg_stat_activity WHERE datname = ${database} AND application_name LIKE 'loyalty-processor%'`;
  return new Map(rows.map((row) => [row.pid, cpuSecondsOf([row.pid])]));
}

async function scrape(port: number): Promise<{ outcomes: Record<string, number>; meanBatchMs: number }> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const outcomes: Record<string, number> = {};
  for (const match of text.matchAll(
    /^loyalty_events_processed_total\{[^}]*outcome="([a-z_]+)"[^}]*\} (\d+)/gm,
  )) {
    outcomes[match[1]!] = (outcomes[match[1]!] ?? 0) + Number(match[2]);
  }
  const sum = Number(/^loyalty_batch_commit_seconds_sum(?:\{[^}]*\})? (\S+)/m.exec(text)?.[1] ?? Number.NaN);
  const count = Number(
    /^loyalty_batch_commit_seconds_count(?:\{[^}]*\})? (\S+)/m.exec(text)?.[1] ?? Number.NaN,
  );
  return { outcomes, meanBatchMs: (sum / count) * 1000 };
}
