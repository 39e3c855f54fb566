/**
 * `pnpm test:repeat <test files…> [--times N] [--load K]`: runs the given vitest files N times
 * in a row (default 10) and reports how many runs passed — the check that a test is not flaky.
 * `--load K` keeps K CPU-burning processes running beside the tests, because most races only
 * show on a busy machine (this one has 2 cores). Stops at the first failing run unless
 * `--keep-going`; exits 1 if any run failed.
 */
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { REPO_ROOT } from "@loyalty/testing/bench";
import { startCpuLoad } from "./cpu-load.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    times: { type: "string", default: "10" },
    load: { type: "string", default: "0" },
    "keep-going": { type: "boolean", default: false },
  },
});

const times = Number(values.times);
const load = Number(values.load);
if (
  positionals.length === 0 ||
  !Number.isInteger(times) ||
  times < 1 ||
  !Number.isInteger(load) ||
  load < 0
) {
  console.error("usage: pnpm test:repeat <test file…> [--times N ≥ 1] [--load K ≥ 0] [--keep-going]");
  process.exit(2);
}

function runOnce(): Promise<{ ok: boolean; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn("npx", ["vitest", "run", ...positionals], { cwd: REPO_ROOT, stdio: "inherit" });
    child.on("exit", (code) => resolve({ ok: code === 0, seconds: (performance.now() - started) / 1000 }));
  });
}

const burner = startCpuLoad(load);
let passed = 0;
let failed = 0;
try {
  console.log(
    `test:repeat: ${positionals.join(" ")} × ${times}, ${load} CPU burner(s) on ${availableParallelism()} cores`,
  );
  for (let run = 1; run <= times; run++) {
    const result = await runOnce();
    if (result.ok) passed++;
    else failed++;
    console.log(
      `test:repeat: run ${run}/${times} ${result.ok ? "passed" : "FAILED"} in ${result.seconds.toFixed(1)} s`,
    );
    if (!result.ok && !values["keep-going"]) break;
  }
} finally {
  burner.stop();
}
console.log(`test:repeat: ${passed} passed, ${failed} failed of ${times} runs`);
process.exit(failed === 0 && passed === times ? 0 : 1);
