import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { closeDb, createDb, type Database, type Queryable } from "@loyalty/db";
import { waitFor } from "./support/wait.ts";

/**
 * The load driver-recovery.test.ts puts on a pool: three workers on a two-connection pool, each
 * running transactions of pipelined statements as the ledger sends them. Every statement
 * checks its own answer, so a reply that lands on the wrong query (what a lost ROLLBACK did to
 * postgres.js 3.4.9) is caught even when it does not end in a hang.
 */

/** What a termination may legitimately do to a running transaction. */
export const CONNECTION_ERROR_CODES = new Set([
  "57P01",
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "ECONNRESET",
  "EPIPE",
]);

export interface VictimPool {
  readonly appName: string;
  /** Transactions committed so far. */
  committed(): number;
  /** Error codes the workers saw (a failed transaction is retried after 10 ms). */
  readonly errorCodes: Set<string>;
  /** Statements that came back with another statement's answer. */
  readonly wrongAnswers: string[];
  stop(): Promise<void>;
}

export function startVictimPool(url: string): VictimPool {
  const appName = `rel-victim-${randomBytes(4).toString("hex")}`;
  const database = createDb(url, { max: 2, applicationName: appName });
  const errorCodes = new Set<string>();
  const wrongAnswers: string[] = [];
  let committed = 0;
  let stopped = false;
  const worker = async (id: number) => {
    for (let n = 0; !stopped; n++) {
      try {
        await database.sql.begin(async (tx) => {
          const base = id * 1_000_000 + (n % 1000) * 10;
          await Promise.all([
            expectAnswer(tx, base + 1),
            expectAnswer(tx, base + 2, true),
            expectAnswer(tx, base + 3),
          ]);
          await expectAnswer(tx, base + 4);
        });
        committed++;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (stopped) break; // ending the pool rejects what a worker still waits for
        if (code === "wrong_answer") wrongAnswers.push((error as Error).message);
        else errorCodes.add(String(code));
        await sleep(10);
      }
    }
  };
  const workers = [worker(1), worker(2), worker(3)];

  async function expectAnswer(tx: Queryable, value: number, slow = false) {
    const rows = slow
      ? await tx<{ n: number }[]>`SELECT ${value}::int AS n, pg_sleep(0.002)`
      : await tx<{ n: number }[]>`SELECT ${value}::int AS n`;
    if (rows.length !== 1 || rows[0]?.n !== value)
      throw Object.assign(new Error(`asked for ${value}, got ${JSON.stringify(rows)}`), {
        code: "wrong_answer",
      });
  }

  return {
    appName,
    committed: () => committed,
    errorCodes,
    wrongAnswers,
    async stop() {
      stopped = true;
      // End the pool first: a worker stuck in a wedged connection never returns by itself, and
      // the test must fail on the deadline rather than hang here.
      await closeDb(database, { timeoutSeconds: 1 });
      const done = await Promise.race([
        Promise.all(workers).then(() => true),
        sleep(15_000).then(() => false),
      ]);
      if (!done) throw new Error("workers still waiting for their queries after the pool was ended");
    },
  };
}

/**
 * Terminates every backend of the pool, as a Postgres restart or failover does (57P01, then a
 * TCP reset or close), then waits until it has committed `recoveredAfter` more transactions. A wedged pool never does: `deadlineMs` is the failure.
 */
export async function terminateAndRecover(
  admin: Database,
  pool: VictimPool,
  options: { recoveredAfter: number; deadlineMs: number },
): Promise<{ terminated: number }> {
  // Only once the pool holds connections: terminating nothing would prove nothing.
  const rows = await waitFor(
    () => admin.sql<{ ok: boolean }[]>`
      SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = ${pool.appName}`,
    (result) => result.some((row) => row.ok),
    { timeoutMs: options.deadlineMs },
  );
  const before = pool.committed();
  await waitFor(
    async () => pool.committed(),
    (n) => n >= before + options.recoveredAfter,
    { timeoutMs: options.deadlineMs, intervalMs: 10 },
  ).catch((error: unknown) => {
    throw new Error(
      `pool did not recover after a termination (committed ${before} before): ${String(error)}`,
    );
  });
  return { terminated: rows.filter((row) => row.ok).length };
}

/**
 * Keeps this process's event loop busy `busyMs` out of every `busyMs + 10` ms until stopped, as
 * a starved 2-core box does: socket events then arrive in bursts, the error and the close of
 * a reset connection in the same turn, which is where 3.4.9 lost track of its queries.
 * Hand-written because it must block this very thread; a CPU burner elsewhere would not.
 */
export function stallEventLoop(busyMs: number): () => void {
  const timer = setInterval(() => {
    const until = performance.now() + busyMs;
    while (performance.now() < until) {
      // busy: nothing else on this thread runs meanwhile
    }
  }, 10);
  return () => clearInterval(timer);
}
