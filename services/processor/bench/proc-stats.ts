import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";

/** Linux USER_HZ: /proc times are in these ticks on every common kernel build. */
const CLOCK_TICKS = 100;

/** utime + stime of a local process in seconds, from /proc (Linux, same host only); NaN if gone. */
export function processCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** Sum over processes; gone ones count as 0 (a backend may exit between samples). */
export function cpuSecondsOf(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => {
    const seconds = processCpuSeconds(pid);
    return sum + (Number.isNaN(seconds) ? 0 : seconds);
  }, 0);
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
}

/** A port nobody listens on right now (for the child's metrics server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
