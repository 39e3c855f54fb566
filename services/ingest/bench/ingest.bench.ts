/**
 * pnpm bench:ingest — autocannon against POST /webhooks/shopify (signed bodies, unique
 * webhook ids, real Redis) and, in the same run, against a bare Fastify POST route that
 * answers 200. First each at saturation, then each at 70 % of its own saturated rate for p99.
 * Writes the figures to docs/benchmarks.md.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { shopifyWebhookHeaders } from "@loyalty/shopify";
import {
  FIXTURE_SHOP,
  machineDescription,
  readShopifyFixture,
  writeBenchmarkSection,
} from "@loyalty/testing/bench";
import autocannon from "autocannon";
import { Redis } from "ioredis";

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const here = path.dirname(fileURLToPath(import.meta.url));
const prefix = `bench:${Date.now()}:loyalty`;
const body = readShopifyFixture("orders-paid");
const headers = shopifyWebhookHeaders({
  body,
  secret: "bench-secret",
  topic: "orders/paid",
  shop: FIXTURE_SHOP,
  webhookId: "x",
});

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function startServer(mode: "ingest" | "bare"): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ["--conditions=source", path.join(here, "bench-server.ts"), mode, prefix],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const [chunk] = (await once(child.stdout!, "data")) as [Buffer];
  return { child, port: Number(chunk.toString().trim()) };
}

async function load(port: number, overallRate?: number): Promise<Figures> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/webhooks/shopify`,
    method: "POST",
    connections: CONNECTIONS,
    duration: DURATION_S,
    ...(overallRate ? { overallRate } : {}),
    headers,
    body,
    // A fresh webhook id per request: every one is a new event, not a duplicate.
    setupClient: (client) => {
      client.setHeaders({ ...headers, "x-shopify-webhook-id": randomUUID() });
      client.on("response", () => client.setHeaders({ ...headers, "x-shopify-webhook-id": randomUUID() }));
    },
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function measure(mode: "ingest" | "bare"): Promise<{ saturated: Figures; at70: Figures }> {
  const { child, port } = await startServer(mode);
  try {
    await load(port, undefined); // warm-up (JIT, connections), discarded
    const saturated = await load(port);
    const at70 = await load(port, Math.round(saturated.rps * 0.7));
    return { saturated, at70 };
  } finally {
    child.kill("SIGTERM");
  }
}

const bare = await measure("bare");
const ingest = await measure("ingest");
const ratio = ingest.saturated.rps / bare.saturated.rps;

const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
let written = 0;
for (let p = 0; p < 16; p++) written += await redis.xlen(`${prefix}:events:{${p}}`);
let cursor = "0";
do {
  const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
  cursor = next;
  if (keys.length) await redis.unlink(...keys);
} while (cursor !== "0");
redis.disconnect();

const row = (name: string, f: { saturated: Figures; at70: Figures }) =>
  `| ${name} | ${Math.round(f.saturated.rps)} | ${f.saturated.p50} | ${f.saturated.p99} | ${Math.round(f.at70.rps)} | ${f.at70.p50} | ${f.at70.p99} | ${f.saturated.non2xx + f.at70.non2xx} |`;
const report = `## Ingest (\`pnpm bench:ingest\`)

${new Date().toISOString().slice(0, 10)} · ${machineDescription()} · ${CONNECTIONS} connections, ${DURATION_S} s per run, after a discarded warm-up. Server in its own process; autocannon in another.

| route | req/s (saturated) | p50 ms | p99 ms | req/s at 70 % | p50 ms | p99 ms | non-2xx |
|---|---|---|---|---|---|---|---|
${row("bare Fastify POST → 200", bare)}
${row("ingest (HMAC, normalise, Lua dedupe+XADD)", ingest)}

**Ratio ingest / bare: ${ratio.toFixed(2)}** (target ≥ 0.85). Ingest p99 at 70 % of its saturation: ${ingest.at70.p99} ms (target ≤ 10 ms). Stream entries written: ${written}.`;
console.log(report);
writeBenchmarkSection("ingest", report);
