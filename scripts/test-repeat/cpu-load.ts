import { type ChildProcess, spawn } from "node:child_process";

/** K child processes that spin the CPU until stopped: a busy machine on demand. */
export function startCpuLoad(processes: number): { stop: () => void } {
  const children: ChildProcess[] = [];
  for (let i = 0; i < processes; i++) {
    children.push(spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
  }
  return {
    stop() {
      for (const child of children) child.kill("SIGKILL");
    },
  };
}
