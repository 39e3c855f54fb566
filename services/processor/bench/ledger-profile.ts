/**
 * Where a batch's time goes, for tuning (not part of the recorded benchmark):
 * `node --conditions=source services/processor/bench/ledger-profile.ts [events] [batch]`.
 * The bench's event mix and 20 rules, applied in-process with the processor's rule provider
 * in sequential batches (one processor's ledger work, no Redis), with every statement timed
 * on the server side by completion order, plus CPU per event of Node and the backend.
 */
import { randomBytes } from "node:crypto";
import { applyEventBatch, createDb, createTiersCache, verifyLedger } from "@loyalty/db";
import { createLogger, createRegistry, ProcessorMetrics } from "@loyalty/platform";
import { createRuleProvider } from "../src/rule-provider.ts";
import { eventMix } from "./bench-events.ts";
import { processCpuSeconds } from "./proc-stats.ts";
import { createScratchDatabase } from "./scratch.ts";
import { createStatementTimer } from "./statement-timer.ts";

const total = Number(process.argv[2] ?? 50_000);
const batchSize = Number(process.argv[3] ?? 500);
const adminUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const database = await createScratchDatabase(adminUrl, "profile");
try {
  // Experiments with session settings: PROFILE_SETTINGS="plan_cache_mode=force_generic_plan,…"
  for (const setting of (process.env.PROFILE_SETTINGS ?? "").split(",").filter(Boolean)) {
    const [name, value] = setting.split("=");
    await database.sql.unsafe(`ALTER DATABASE "${database.name}" SET ${name} = '${value}'`);
  }
  await database.sql.end();
  Object.assign(database, createDb(database.url, { max: 2, applicationName: "bench-setup profile" }));
  const events = [
    ...eventMix({
      count: total,
      customers: 10_000,
      refundLag: 2 * batchSize,
      runId: randomBytes(4).toString("hex"),
      receivedAt: new Date().toISOString(),
    }),
  ];
  const logger = createLogger({ name: "profile", level: "silent" });
  const metrics = new ProcessorMetrics({
    register: createRegistry({ service: "profile", defaultMetrics: false }),
  });
  const rules = createRuleProvider({ sql: database.sql, logger, metrics, refreshMs: 1_000, now: Date.now });
  const tiers = createTiersCache({ ttlMs: 5_000 });
  const timer = createStatementTimer();
  const sql = timer.instrument(database.sql);
  // As the processor does: the archive stores each envelope's stream text, serialised before timing.
  const json = new Map(events.map((event) => [event, JSON.stringify(event)]));
  const deps = {
    evaluateRules: rules.evaluateRules,
    now: () => new Date(),
    tiersFor: tiers.tiersFor,
    envelopeJson: (event: (typeof events)[number]) => json.get(event),
  };
  await rules.prepare([events[0]!.shop]);
  await database.sql`SELECT 1`;
  const backends = await database.sql<{ pid: number }[]>`
    SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'bench-setup%'`;
  const pgBefore = backends.reduce((sum, { pid }) => sum + processCpuSeconds(pid), 0);
  const [walBefore] = await database.sql<{ lsn: string; checkpoints: string }[]>`
    SELECT pg_current_wal_lsn()::text AS lsn, (checkpoints_timed + checkpoints_req)::text AS checkpoints FROM pg_stat_bgwriter`;
  const nodeBefore = process.cpuUsage();
  const started = performance.now();
  let failed = 0;
  for (let i = 0; i < events.length; i += batchSize) {
    const batch = events.slice(i, i + batchSize);
    await rules.prepare(batch.map((event) => event.shop));
    timer.markIdle();
    const results = await applyEventBatch(sql, batch, deps);
    failed += results.filter((result) => result.outcome === "failed").length;
  }
  const seconds = (performance.now() - started) / 1000;
  const node = process.cpuUsage(nodeBefore);
  const pg = backends.reduce((sum, { pid }) => sum + processCpuSeconds(pid), 0) - pgBefore;
  console.log(
    `${events.length} events, batch ${batchSize}: ${seconds.toFixed(2)} s, ${Math.round(events.length / seconds)} events/s, ${failed} failed`,
  );
  console.log(
    `CPU µs/event: node ${Math.round((node.user + node.system) / events.length)}, postgres ${Math.round((pg * 1e6) / events.length)}`,
  );
  const [walAfter] = await database.sql<{ bytes: string; checkpoints: string }[]>`
    SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), ${walBefore!.lsn}::pg_lsn)::text AS bytes,
      (checkpoints_timed + checkpoints_req)::text AS checkpoints FROM pg_stat_bgwriter`;
  console.log(
    `WAL: ${Math.round(Number(walAfter!.bytes) / events.length)} bytes/event (whole server), checkpoints during the run: ${Number(walAfter!.checkpoints) - Number(walBefore!.checkpoints)}`,
  );
  console.log("server time by statement (ms total, µs per event):");
  for (const { statement, count, ms } of timer.timings()) {
    console.log(
      `  ${ms.toFixed(0).padStart(7)} ms ${((ms * 1000) / events.length).toFixed(1).padStart(6)} µs  ×${count}  ${statement}`,
    );
  }
  const counts = await database.sql<{ table: string; rows: string }[]>`
    SELECT 'points_ledger' AS table, count(*)::text AS rows FROM points_ledger
    UNION ALL SELECT 'rule_executions', count(*)::text FROM rule_executions
    UNION ALL SELECT 'rule_awards', count(*)::text FROM rule_awards
    UNION ALL SELECT 'outbox', count(*)::text FROM outbox
    UNION ALL SELECT 'events', count(*)::text FROM events
    UNION ALL SELECT 'customer_orders', count(*)::text FROM customer_orders`;
  console.log(`rows: ${counts.map((c) => `${c.table} ${c.rows}`).join(", ")}`);
  const verified = await verifyLedger(database.sql);
  console.log(`verify: ok=${verified.ok} customers=${verified.customersChecked}`);
} finally {
  if (process.env.PROFILE_KEEP) {
    console.log(`kept ${database.url}`);
    await database.sql.end();
  } else await database.drop();
}
