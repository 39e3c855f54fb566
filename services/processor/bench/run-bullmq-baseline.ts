import { EventEnvelope } from "@loyalty/core";
import { loadTiers } from "@loyalty/db";
import { type ConnectionOptions, Queue, Worker } from "bullmq";
import postgres from "postgres";
import { applyOneEvent, type BaselineDeps } from "./baseline-ledger.ts";
import { loadBaselineRules } from "./baseline-rules.ts";
import { BENCH_SHOP } from "./bench-events.ts";
import { cpuSecondsOf, loadAverage } from "./proc-stats.ts";

export interface BaselineOptions {
  databaseUrl: string;
  redisUrl: string;
  /** BullMQ key prefix (its keys are `<prefix>:<queue>:…`). */
  prefix: string;
  events: readonly EventEnvelope[];
  concurrency: number;
  timeoutMs: number;
}

export interface BaselineResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  nodeMicros: number;
  postgresMicros: number;
  retries: number;
  loadBefore: string;
  loadAfter: string;
}

const QUEUE = "loyalty-events";

/**
 * The design the seeds had: one BullMQ job per event on the same Redis, a Worker with
 * `concurrency` jobs in flight, a Postgres pool as large as that concurrency, and each job
 * one transaction (applyOneEvent) with json-rules-engine. Jobs are enqueued first (addBulk,
 * job id = event id, as a deduping producer would), then the worker is started and timed
 * until every job completed. Failed jobs (a refund before its order) retry with backoff.
 */
export async function runBullmqBaseline(options: BaselineOptions): Promise<BaselineResult> {
  const url = new URL(options.redisUrl);
  const connection: ConnectionOptions = {
    host: url.hostname,
    port: Number(url.port || 6379),
    maxRetriesPerRequest: null,
  };
  const sql = postgres(options.databaseUrl, {
    max: options.concurrency,
    onnotice: () => {},
    connection: { application_name: "bench-baseline" },
  });
  const queue = new Queue(QUEUE, { connection, prefix: options.prefix });
  let worker: Worker | null = null;
  try {
    for (let i = 0; i < options.events.length; i += 1_000) {
      await queue.addBulk(
        options.events.slice(i, i + 1_000).map((event) => ({
          name: event.type,
          data: event,
          opts: {
            jobId: event.id,
            attempts: 10,
            backoff: { type: "exponential", delay: 200 },
            removeOnComplete: true,
            removeOnFail: 1_000,
          },
        })),
      );
    }
    const deps: BaselineDeps = {
      sql,
      rules: await loadBaselineRules(sql, BENCH_SHOP),
      tiers: await loadTiers(sql, BENCH_SHOP),
    };
    await sql`SELECT 1`; // connect before timing, as the processor's pool is up before it starts
    const loadBefore = loadAverage();
    const cpuBefore = process.cpuUsage();
    const backendsBefore = await backendCpu(sql);
    const started = performance.now();
    let completed = 0;
    let retries = 0;
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`baseline did not finish in ${options.timeoutMs} ms (${completed} done)`)),
        options.timeoutMs,
      );
      worker = new Worker(
        QUEUE,
        // The job data went through JSON in Redis: validate it as the seeds' worker did.
        async (job) => applyOneEvent(deps, EventEnvelope.parse(job.data)),
        { connection, prefix: options.prefix, concurrency: options.concurrency },
      );
      worker.on("failed", (_job, error) => {
        if (!/order .* is not known yet/.test(error.message)) reject(error);
        retries++;
      });
      worker.on("completed", () => {
        if (++completed === options.events.length) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    await done;
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const backendsAfter = await backendCpu(sql);
    const postgresSeconds = [...backendsAfter].reduce(
      (sum, [pid, value]) => sum + value - (backendsBefore.get(pid) ?? 0),
      0,
    );
    return {
      events: completed,
      seconds,
      eventsPerSecond: completed / seconds,
      nodeMicros: (cpu.user + cpu.system) / completed,
      postgresMicros: (postgresSeconds * 1e6) / completed,
      retries,
      loadBefore,
      loadAfter: loadAverage(),
    };
  } finally {
    await (worker as Worker | null)?.close();
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
    await sql.end({ timeout: 5 });
  }
}

async function backendCpu(sql: postgres.Sql): Promise<Map<number, number>> {
  const rows = await sql<{ pid: number }[]>`
    SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'bench-baseline'`;
  return new Map(rows.map((row) => [row.pid, cpuSecondsOf([row.pid])]));
}
