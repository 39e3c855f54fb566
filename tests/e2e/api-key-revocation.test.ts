import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { createApiKey } from "@loyalty/db";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "@loyalty/db/testing";
import { createTestRedis, type TestRedis } from "@loyalty/testing";
import { REPO_ROOT } from "@loyalty/testing/bench";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChildService, spawnService } from "../reliability/support/child-service.ts";
import { waitFor } from "../reliability/support/wait.ts";

const SHOP = "revocation-shop.myshopify.com";
let redis: TestRedis;
let database: MigratedTestDatabase;
const replicas: ChildService[] = [];

beforeAll(async () => {
  redis = await createTestRedis("revoke");
  database = await createMigratedTestDatabase({ label: "revoke" });
});

afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.stop("SIGKILL")));
  await database?.cleanup();
  await redis?.cleanup();
});

const env = () => ({
  REDIS_URL: redis.url,
  DATABASE_URL: database.url,
  STREAM_PREFIX: redis.prefix,
  STREAM_PARTITIONS: "4",
});

/** A `loyalty query` process on a free port, once it listens and its key cache is on. */
async function startReplica(): Promise<string> {
  const replica = spawnService("query", { ...env(), QUERY_PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" });
  replicas.push(replica);
  const lines = await waitFor(
    async () => replica.tail(),
    (tail) =>
      tail.some((line) => line.includes("Server listening at")) &&
      tail.some((line) => line.includes("key cache on")),
    { timeoutMs: 120_000, intervalMs: 50 },
  );
  const listening = lines.find((line) => line.includes("Server listening at")) ?? "";
  const url = /Server listening at (http:\/\/[0-9.:]+)/.exec(listening)?.[1];
  if (url === undefined) throw new Error(`no address in ${listening}`);
  return url;
}

async function status(base: string, key: string): Promise<number> {
  const response = await fetch(`${base}/v1/customers/nobody`, {
    headers: { authorization: `Bearer ${key}` },
  });
  await response.arrayBuffer();
  return response.status;
}

async function revokeWithCli(id: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    [
      "--conditions=source",
      path.join(REPO_ROOT, "packages/cli/src/bin.ts"),
      "keys",
      "revoke",
      "--shop",
      SHOP,
      id,
    ],
    { cwd: REPO_ROOT, env: { PATH: process.env["PATH"] ?? "", ...env() }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = await once(child, "exit");
  return { code: code as number | null, stderr };
}

describe("API key revocation", { timeout: 240_000 }, () => {
  it("stops a key on two query replicas within a second of `loyalty keys revoke`, though both had it cached", async () => {
    const [first, second] = await Promise.all([startReplica(), startReplica()]);
    const { id, key } = await createApiKey(database.sql, SHOP);
    // Authenticated (404: no such customer), and now in each replica's 30 s cache.
    for (const base of [first, second]) expect(await status(base, key)).toBe(404);

    const revoked = await revokeWithCli(id);
    const at = performance.now();
    expect(revoked).toEqual({ code: 0, stderr: "" });

    const statuses = await waitFor(
      () => Promise.all([first, second].map((base) => status(base as string, key))),
      (answers) => answers.every((answer) => answer === 401),
      { timeoutMs: 1_000, intervalMs: 20 },
    );
    expect(statuses).toEqual([401, 401]);
    expect(performance.now() - at).toBeLessThan(1_000);
  });
});
