import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const BIN = path.join(REPO_ROOT, "packages/cli/src/bin.ts");

/**
 * Each test starts whole `node` processes that load the packages from source: seconds each
 * when the machine is busy running every other test file in parallel.
 */
export const CLI_TIMEOUT_MS = 180_000;

/** Variables a developer's shell may hold that would point the CLI at the wrong servers. */
const CLEARED = [
  "REDIS_URL",
  "REDIS_CLUSTER_NODES",
  "DATABASE_URL",
  "DATABASE_READ_URL",
  "STREAM_PREFIX",
  "STREAM_PARTITIONS",
  "SHOPIFY_API_SECRET",
  "SHOPIFY_API_SECRETS",
  "INGEST_PORT",
  "QUERY_PORT",
  "METRICS_PORT",
  "PROCESSOR_METRICS_PORT",
  "DISPATCHER_METRICS_PORT",
  "LOYALTY_LOCAL_DIR",
  "NODE_ENV",
  "OPS_TOKEN",
];

export function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const name of CLEARED) delete base[name];
  return { ...base, LOG_LEVEL: "warn", ...env };
}

/** `node --conditions=source packages/cli/src/bin.ts …` as a child process, as users run it. */
export function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--conditions=source", BIN, ...args], {
    cwd: REPO_ROOT,
    env: cliEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Collects a child's output until it exits. */
export function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return finished(spawnCli(args, env));
}

/** Non-empty lines of a stream's text. */
export function lines(text: string): string[] {
  return text.split("\n").filter((line) => line.trim() !== "");
}
