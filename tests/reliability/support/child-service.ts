import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { REPO_ROOT } from "@loyalty/testing/bench";

export interface ChildService {
  readonly pid: number;
  /** The last lines it wrote (stdout and stderr), for a failure message. */
  tail(): string[];
  /** Resolves with the exit code (or signal) once it has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * One service (`services/<name>/src/main.ts`) as its own Node process, run from source the way
 * `loyalty <service>` runs it. Environment variables are given explicitly; the parent's are
 * inherited only for PATH-like basics, so nothing from the test process leaks in by accident.
 */
export function spawnService(
  service: "processor" | "ingest" | "query",
  env: Record<string, string>,
): ChildService {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--conditions=source", path.join(REPO_ROOT, "services", service, "src", "main.ts")],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  if (child.pid === undefined) throw new Error(`could not start ${service}`);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return {
    pid: child.pid,
    tail: () => [...lines],
    exited,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
