/**
 * pnpm bench:query — autocannon against GET /v1/customers/:id of the query service (real
 * API key, rate limit counted in Redis, tiers joined, zod serialisation) and, in the same run,
 * against a bare Fastify route doing one indexed select on the same table. 100k customers,
 * a random one per request. Writes the figures to docs/benchmarks.md.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createApiKey, migrate, replaceTiers } from "@loyalty/db";
import { machineDescription, writeBenchmarkSection } from "@loyalty/testing/bench";
import autocannon from "autocannon";
import { Redis } from "ioredis";
import postgres from "postgres";
import { BENCH_SHOP } from "./bench-shop.ts";

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const here = path.dirname(fileURLToPath(import.meta.url));
const admin = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const databaseName = `loyalty_bench_query_${Date.now().toString(36)}`;
const databaseUrl = new URL(admin);
databaseUrl.pathname = `/${databaseName}`;
const prefix = `bench:${Date.now()}:loyalty`;

type Mode = "bare" | "base" | "query";
const MODES: readonly Mode[] = ["bare", "base", "query"];

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function seed(): Promise<{ key: string; seconds: number }> {
  const started = performance.now();
  await migrate(databaseUrl.href, { createDatabase: true });
  const sql = postgres(databaseUrl.href, { max: 1, onnotice: () => {} });
  try {
    const { key } = await createApiKey(sql, BENCH_SHOP, { label: "bench" });
    // One set-based statement: 100k rows in well under a second, no client round trips.
    await sql`
      INSERT INTO customers (shop, customer_id, balance, lifetime_points, orders_count)
      SELECT ${BENCH_SHOP}, 'c-' || g, (g * 7) % 20000, (g * 7) % 20000, g % 12
      FROM generate_series(1, ${CUSTOMERS}::int) AS g`;
    await sql`ANALYZE customers`;
    await replaceTiers(sql, BENCH_SHOP, [
      { key: "bronze", name: "Bronze", level: 0, minPoints: 0, multiplier: 1 },
      { key: "silver", name: "Silver", level: 1, minPoints: 5000, multiplier: 1.25 },
      { key: "gold", name: "Gold", level: 2, minPoints: 15000, multiplier: 1.5 },
    ]);
    return { key, seconds: (performance.now() - started) / 1000 };
  } finally {
    await sql.end();
  }
}

async function startServer(mode: Mode): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ["--conditions=source", path.join(here, "bench-server.ts"), mode, databaseUrl.href, prefix],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  // A server that dies before printing its port must fail the bench, not hang it.
  const first = await Promise.race([once(child.stdout!, "data"), once(child, "exit")]);
  const chunk = first[0];
  if (!(chunk instanceof Buffer))
    throw new Error(`the ${mode} bench server exited before listening (${String(chunk)})`);
  return { child, port: Number(chunk.toString().trim()) };
}

async function load(port: number, key: string): Promise<Figures> {
  const randomPath = () => `/v1/customers/c-${1 + Math.floor(Math.random() * CUSTOMERS)}`;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { authorization: `Bearer ${key}` },
    requests: [{ method: "GET", setupRequest: (request) => ({ ...request, path: randomPath() }) }],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function summarise(runs: Figures[]): Figures {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

/**
 * All servers stay up and are loaded in rotating rounds (bare, base, query, then base, query,
 * bare, …), and each figure is the median of its rounds: on a shared machine whose load drifts,
 * one long run of each would measure the drift as much as the servers.
 */
async function measureAll(key: string): Promise<Record<Mode, Figures>> {
  const servers = new Map<Mode, { child: ChildProcess; port: number }>();
  try {
    for (const mode of MODES) servers.set(mode, await startServer(mode));
    const port = (mode: Mode) => servers.get(mode)?.port ?? 0;
    for (const mode of MODES) await load(port(mode), key); // warm-up, discarded
    const runs: Record<Mode, Figures[]> = { bare: [], base: [], query: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < MODES.length; i++) {
        const mode = MODES[(round + i) % MODES.length] ?? "bare";
        runs[mode].push(await load(port(mode), key));
      }
    }
    return { bare: summarise(runs.bare), base: summarise(runs.base), query: summarise(runs.query) };
  } finally {
    for (const { child } of servers.values()) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  }
}

async function cleanup(): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== "0");
  redis.disconnect();
  const sql = postgres(admin.href, { max: 1, onnotice: () => {} });
  await sql.unsafe(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  await sql.end();
}

try {
  const { key, seconds } = await seed();
  const { bare, base, query } = await measureAll(key);
  const ratio = query.rps / bare.rps;
  const row = (name: string, f: Figures) =>
    `| ${name} | ${Math.round(f.rps)} | ${f.p50} | ${f.p99} | ${f.non2xx} | ${f.errors} |`;
  const report = `## Query (\`pnpm bench:query\`)

Command: \`node --conditions=source services/query/bench/query.bench.ts\` · ${new Date().toISOString().slice(0, 10)} · ${machineDescription()}

${CUSTOMERS.toLocaleString("en")} customers seeded with generate_series in ${seconds.toFixed(1)} s; every request asks for a random one. All three servers up at once, each in its own process with a pool of 10; autocannon (${CONNECTIONS} connections) in this one; Postgres and Redis local. ${ROUNDS} rotating rounds of ${DURATION_S} s per server after a discarded warm-up; each figure is the median of its rounds.

| route | req/s | p50 ms | p99 ms | non-2xx | errors |
|---|---|---|---|---|---|
${row("bare Fastify: one indexed select", bare)}
${row("the same route on @loyalty/platform createHttpApp", base)}
${row("query GET /v1/customers/:id (API key, Redis rate limit, tiers, zod)", query)}

**Ratio query / bare: ${ratio.toFixed(2)}** (target ≥ 0.7); platform base / bare ${(base.rps / bare.rps).toFixed(2)}, query / platform base ${(query.rps / base.rps).toFixed(2)}. API key → shop lookups are cached for 30 s (bounded LRU) and tiers for 5 s, so a request is one indexed select on customers plus one Redis EVALSHA (the per-key rate limit).`;
  console.log(report);
  writeBenchmarkSection("query", report);
} finally {
  await cleanup();
}
