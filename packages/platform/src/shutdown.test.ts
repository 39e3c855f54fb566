import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";
import { installGracefulShutdown } from "./shutdown.ts";

const child = fileURLToPath(new URL("../test/fixtures/shutdown-child.ts", import.meta.url));

interface Run {
  process: ChildProcess;
  lines: Record<string, unknown>[];
  ready: Promise<void>;
  exit: Promise<number | null>;
}

/** Starts the fixture under this same Node (type stripping), collecting its JSON log lines. */
function start(scenario: string): Run {
  const proc = spawn(process.execPath, [child, scenario], { stdio: ["ignore", "pipe", "inherit"] });
  const lines: Record<string, unknown>[] = [];
  let buffer = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  proc.stdout?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    for (const part of parts) {
      const line = JSON.parse(part) as Record<string, unknown>;
      lines.push(line);
      if (line["msg"] === "ready") markReady();
    }
  });
  const exit = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  return { process: proc, lines, ready, exit };
}

const messages = (run: Run) => run.lines.map((line) => line["msg"]);

describe("installGracefulShutdown", () => {
  it("closes resources, logs and exits 0 on SIGTERM", async () => {
    const run = start("signal");
    await run.ready;
    run.process.kill("SIGTERM");
    expect(await run.exit).toBe(0);
    expect(messages(run)).toEqual([
      "ready",
      "signal received; shutting down",
      "resources closed",
      "shutdown complete",
    ]);
    expect(run.lines[1]).toMatchObject({ signal: "SIGTERM", level: "info" });
  });

  it("closes resources and exits 1 after an uncaught exception, logging it", async () => {
    const run = start("error");
    expect(await run.exit).toBe(1);
    expect(run.lines).toContainEqual(
      expect.objectContaining({
        level: "fatal",
        msg: "uncaught error; shutting down",
        err: expect.objectContaining({ message: "boom from a callback" }),
      }),
    );
    expect(messages(run)).toContain("resources closed");
  });

  it("exits 1 when closing overruns its deadline", async () => {
    const run = start("hang");
    await run.ready;
    run.process.kill("SIGINT");
    expect(await run.exit).toBe(1);
    expect(run.lines).toContainEqual(
      expect.objectContaining({ level: "fatal", msg: "graceful shutdown timed out; exiting" }),
    );
  });

  it("exits 1 when closing fails, logging why", async () => {
    const run = start("close-fails");
    await run.ready;
    run.process.kill("SIGTERM");
    expect(await run.exit).toBe(1);
    expect(run.lines).toContainEqual(
      expect.objectContaining({
        msg: "shutdown failed",
        err: expect.objectContaining({ message: "postgres pool would not end" }),
      }),
    );
  });

  it("can be uninstalled, leaving no listeners behind", () => {
    const before = process.listenerCount("SIGTERM");
    const uninstall = installGracefulShutdown({
      logger: createLogger({ name: "t", level: "silent" }),
      close: async () => {},
    });
    expect(process.listenerCount("SIGTERM")).toBe(before + 1);
    uninstall();
    expect(process.listenerCount("SIGTERM")).toBe(before);
  });
});
