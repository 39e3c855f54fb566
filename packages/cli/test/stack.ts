import type { ChildProcess } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../src/local/free-port.ts";
import { type CliResult, finished, spawnCli } from "./cli.ts";

export interface StartedCli {
  child: ChildProcess;
  /** Output so far (stdout + stderr), for failure messages. */
  output: () => string;
  result: Promise<CliResult>;
}

export function startCli(args: string[], env: Record<string, string>): StartedCli {
  const child = spawnCli(args, env);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  return { child, output: () => output, result: finished(child) };
}

/** Polls GET url until it answers 200; fails at once if the process under test has exited. */
export async function waitForOk(url: string, started: StartedCli, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (started.child.exitCode !== null) {
      throw new Error(
        `loyalty exited with ${started.child.exitCode} before ${url} was ready:\n${started.output()}`,
      );
    }
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`${url} not ready after ${timeoutMs} ms:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the process has printed `text` (fails at once if it exits first). */
export async function waitForOutput(started: StartedCli, text: string, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!started.output().includes(text)) {
    if (started.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`loyalty never printed "${text}":\n${started.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function refused(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
    () => false,
    () => true,
  );
}

export interface StackPorts {
  INGEST_PORT: string;
  QUERY_PORT: string;
  PROCESSOR_METRICS_PORT: string;
  DISPATCHER_METRICS_PORT: string;
}

export async function freePorts(): Promise<StackPorts> {
  const [ingest, query, processor, dispatcher] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  return {
    INGEST_PORT: String(ingest),
    QUERY_PORT: String(query),
    PROCESSOR_METRICS_PORT: String(processor),
    DISPATCHER_METRICS_PORT: String(dispatcher),
  };
}

/**
 * A LOYALTY_LOCAL_DIR for one test. World-readable: as root, the embedded Postgres runs as
 * the `postgres` user, which must reach its data directory inside.
 */
export async function localDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "loyalty-start-"));
  await chmod(dir, 0o755);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
