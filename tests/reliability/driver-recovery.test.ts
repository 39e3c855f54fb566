import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { closeDb, createDb, type Database } from "@loyalty/db";
import { createTestDatabase, type TestDatabase } from "@loyalty/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { waitFor } from "./support/wait.ts";

// Regression test for patches/postgres@3.4.9.patch. Unpatched, postgres.js 3.4.9 left a
// cleared-but-not-nulled write timer behind when a connection closed with a small write
// buffered: every later write on that connection object was silently never sent, so the pool
// hung for good after a Postgres restart, and a deferred write on a closed socket threw an
// uncaught TypeError that took the process down. pg_terminate_backend does to our
// connections exactly what a restart does (57P01, then close).

let database: TestDatabase;
let admin: Database;

beforeAll(async () => {
  database = await createTestDatabase({ label: "driver" });
  admin = createDb(database.url, { max: 1, applicationName: "rel-admin" });
});

afterAll(async () => {
  await closeDb(admin, { timeoutSeconds: 1 }).catch(() => {});
  await database?.drop();
});

it("keeps a pool working after its connections are terminated mid-transaction", async () => {
  const failures = new Set<string>();
  // A fresh pool each round: unpatched, the first termination wedges a pool for good, and one
  // termination per pool keeps this test about that bug (see docs/reliability.md for what
  // still goes wrong in postgres.js when a pool is terminated many times under CPU pressure).
  for (let round = 0; round < 2; round++) {
    const appName = `rel-victim-${randomBytes(4).toString("hex")}`;
    const pool = createDb(database.url, { max: 2, applicationName: appName });
    let committed = 0;
    let stop = false;
    // Pipelined statements in one transaction, as the ledger sends them.
    const worker = async () => {
      while (!stop) {
        try {
          await pool.sql.begin(async (tx) => {
            await Promise.all([tx`SELECT 1`, tx`SELECT pg_sleep(0.002)`, tx`SELECT 2`]);
            await tx`SELECT 3`;
          });
          committed++;
        } catch (error) {
          failures.add(String((error as { code?: unknown }).code));
          await sleep(10);
        }
      }
    };
    const workers = [worker(), worker(), worker()];
    await waitFor(
      async () => committed,
      (n) => n > 5,
      { timeoutMs: 10_000 },
    );
    await admin.sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ${appName}`;
    const afterTermination = committed;
    await waitFor(
      async () => committed,
      (n) => n > afterTermination + 5,
      { timeoutMs: 10_000 },
    );
    stop = true;
    await Promise.all(workers);
    await closeDb(pool, { timeoutSeconds: 1 });
  }

  // The terminations did reach the workers (they saw connection errors), and they recovered.
  expect(failures.size).toBeGreaterThan(0);
  expect([...failures].every((code) => ["57P01", "CONNECTION_CLOSED", "ECONNRESET"].includes(code))).toBe(
    true,
  );
}, 60_000);
