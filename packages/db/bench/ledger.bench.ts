/**
 * Ledger throughput: `node --conditions=source packages/db/bench/ledger.bench.ts [events] [batch]`.
 * Creates a scratch database next to DATABASE_URL (default the local server), applies
 * order.paid/created and refunds for many customers in sequential batches (one processor),
 * prints events/s, verifies the ledger and drops the database. A figure, not a test.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { EventEnvelope } from "@loyalty/core";
import postgres from "postgres";
import {
  applyEventBatch,
  closeDb,
  createDb,
  createTiersCache,
  migrate,
  replaceTiers,
  verifyLedger,
} from "../src/index.ts";
import { customerEvent, orderEvent, refundEvent, SHOP } from "../test/support/events.ts";
import { fakeEvaluator, firstOrderBonus, perDollar, TIERS } from "../test/support/rules.ts";

const total = Number(process.argv[2] ?? 50_000);
const batchSize = Number(process.argv[3] ?? 500);
const admin = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const name = `loyalty_bench_${Date.now().toString(36)}`;
const url = new URL(admin);
url.pathname = `/${name}`;

/** utime + stime of a local backend process, from /proc (Linux, same host only). */
function backendCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

function makeEvents(count: number): EventEnvelope[] {
  const events: EventEnvelope[] = [];
  for (let i = 0; events.length < count; i++) {
    const customerId = `bench-${i % Math.max(1, Math.floor(count / 4))}`;
    const orderId = `bench-order-${i}`;
    events.push(orderEvent("order.created", { customerId, orderId }));
    events.push(orderEvent("order.paid", { customerId, orderId }));
    if (i % 3 === 0) events.push(refundEvent({ orderId, refunded: 1525 }));
    if (i % 5 === 0) events.push(customerEvent("customer.updated", { customerId }));
  }
  return events.slice(0, count);
}

await migrate(url.toString(), { createDatabase: true });
const database = createDb(url.toString(), { max: 1 });
try {
  await replaceTiers(database.sql, SHOP, TIERS);
  const events = makeEvents(total);
  const deps = {
    evaluateRules: fakeEvaluator([perDollar, firstOrderBonus]).evaluate,
    now: () => new Date(),
    tiersFor: createTiersCache().tiersFor,
  };
  // Warm up prepared statements on the connection.
  await applyEventBatch(database.sql, makeEvents(200), deps);
  const [backend] = await database.sql<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
  const cpuBefore = backendCpuSeconds(backend!.pid);
  const nodeBefore = process.cpuUsage();
  const started = performance.now();
  let failed = 0;
  for (let i = 0; i < events.length; i += batchSize) {
    const results = await applyEventBatch(database.sql, events.slice(i, i + batchSize), deps);
    failed += results.filter((r) => r.outcome === "failed").length;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${events.length} events in ${seconds.toFixed(2)} s: ${Math.round(events.length / seconds)} events/s (batch ${batchSize}, ${failed} failed)`,
  );
  const node = process.cpuUsage(nodeBefore);
  const pgCpu = backendCpuSeconds(backend!.pid) - cpuBefore;
  console.log(
    `CPU per event: node ${((node.user + node.system) / events.length) | 0} µs, postgres backend ${Math.round((pgCpu * 1e6) / events.length)} µs`,
  );
  const verified = await verifyLedger(database.sql);
  console.log(`verify: ok=${verified.ok} customers=${verified.customersChecked}`);
} finally {
  await closeDb(database);
  if (process.env.KEEP_BENCH_DB) {
    console.log(`kept ${url}`);
    process.exit(0);
  }
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await sql.end();
}
