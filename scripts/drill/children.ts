import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { LoyaltyError } from "@loyalty/core";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(REPO_ROOT, "packages/cli/src/bin.ts");

export interface Service {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (or signal). */
  stop(graceMs?: number): Promise<string>;
}

/**
 * A service's own entry (`services/<name>/src/main.ts`, what the image runs from dist/) from
 * sources, its output appended to a log file.
 */
export function startService(
  name: string,
  service: "ingest" | "processor",
  env: NodeJS.ProcessEnv,
  logDir: string,
): Service {
  const entry = path.join(REPO_ROOT, "services", service, "src/main.ts");
  return startProcess(name, process.execPath, ["--conditions=source", entry], env, logDir);
}

/** Any program as a child process, its output appended to `<logDir>/<name>.log`. */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logDir: string,
): Service {
  const logFile = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: "a" });
  const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<string>((resolve) => {
    child.once("exit", (code, signal) => resolve(code === null ? `signal ${signal}` : `code ${code}`));
    // A program that cannot be started (not installed) exits without an exit event's code.
    child.once("error", (error) => resolve(`not started: ${error.message}`));
  });
  return {
    name,
    child,
    logFile,
    async stop(graceMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        const result = await exited;
        clearTimeout(timer);
        return result;
      }
      return exited;
    },
  };
}

/** Polls GET url until it answers 200; fails early if the service exits. */
export async function waitForReady(service: Service, url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service.child.exitCode !== null) {
      throw new LoyaltyError("drill_service_exited", `${service.name} exited early; see ${service.logFile}`);
    }
    const ok = await fetch(url, { signal: AbortSignal.timeout(1_000) })
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) {
      throw new LoyaltyError(
        "drill_service_not_ready",
        `${service.name} not ready at ${url}; see ${service.logFile}`,
      );
    }
    await delay(200);
  }
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new LoyaltyError("drill_no_port", "could not find a free port")),
      );
    });
  });
}

/** Runs `loyalty <args>` to completion and returns its stdout (throws with stderr on failure). */
export function runCommand(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=source", BIN, ...args], { cwd: REPO_ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.once("exit", (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new LoyaltyError("drill_command_failed", `loyalty ${args.join(" ")}: ${stderr.trim()}`)),
    );
  });
}
