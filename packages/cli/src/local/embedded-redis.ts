import { spawn } from "node:child_process";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { CliError } from "../cli-error.ts";
import { logTail, processAlive, stopChild } from "./child-exit.ts";
import { findExecutable } from "./find-executable.ts";
import { freePort } from "./free-port.ts";
import { probeRedis, waitUntil } from "./probe.ts";

export interface EmbeddedServer {
  url: string;
  /** Stops the server (data stays on disk for the next run). */
  stop: () => Promise<void>;
}

export const REDIS_HINT =
  "no Redis: install one (apt-get install redis-server, brew install redis) or run `docker compose -f docker-compose.streaming.yml up redis` and set REDIS_URL";

/**
 * redis-server from PATH on a free port, data in `dir` (append-only file, so events survive
 * a restart; noeviction because evicting a stream would lose events — DESIGN.md).
 * It runs in its own process group: Ctrl-C in the terminal reaches only us, and we stop it
 * after the services, which still need it while they drain.
 */
export async function startEmbeddedRedis(dir: string, log: (line: string) => void): Promise<EmbeddedServer> {
  const executable = await findExecutable("redis-server");
  if (!executable) throw new CliError("redis_unavailable", REDIS_HINT);
  await mkdir(dir, { recursive: true });
  await stopLeftover(path.join(dir, "redis.pid"), log);
  const port = await freePort();
  const logFile = path.join(dir, "redis.log");
  const child = spawn(
    executable,
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--appendonly",
      "yes",
      "--maxmemory-policy",
      "noeviction",
      "--pidfile",
      path.join(dir, "redis.pid"),
      "--logfile",
      logFile,
      "--daemonize",
      "no",
    ],
    { detached: true, stdio: "ignore" },
  );
  let spawnError: string | null = null;
  child.once("error", (error) => {
    spawnError = error.message;
  });
  const url = `redis://127.0.0.1:${port}`;
  const ready = await waitUntil(() => probeRedis(url), {
    timeoutMs: 15_000,
    failed: () =>
      spawnError ?? (child.exitCode !== null ? `redis-server exited with code ${child.exitCode}` : null),
  });
  if (!ready.ok) {
    await stopChild(child, "SIGKILL", 2_000);
    throw new CliError(
      "redis_unavailable",
      `embedded Redis did not start: ${ready.reason}; ${await logTail(logFile)}`,
    );
  }
  // SIGTERM: redis-server fsyncs the append-only file and exits.
  return { url, stop: () => stopChild(child, "SIGTERM", 10_000) };
}

/** A Redis left running by a killed `loyalty start` would share our data dir: stop it first. */
async function stopLeftover(pidFile: string, log: (line: string) => void): Promise<void> {
  const pid = Number((await readFile(pidFile, "utf8").catch(() => "")).trim());
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return;
  const command = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "redis-server");
  if (!command.includes("redis")) return;
  log(`stopping the embedded Redis an earlier run left behind (pid ${pid})`);
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + 10_000;
  while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await rm(pidFile, { force: true });
}
