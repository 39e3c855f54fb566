// Builds the dashboard when dist/ is missing or older than its sources, so `pnpm start` and
// `pnpm test` need no extra step. Plain JavaScript, like index.js, so it runs without a build.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ADMIN_UI_DIST_DIR, ADMIN_UI_PACKAGE_DIR } from "./index.js";

const SOURCES = ["src", "index.html", "vite.config.ts", "package.json"];

/** @param {string} entry @returns {number} newest mtime under entry, in ms */
function newestMtime(entry) {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

/** @returns {"missing" | "stale" | "fresh"} */
export function adminUiBuildState() {
  const index = path.join(ADMIN_UI_DIST_DIR, "index.html");
  if (!existsSync(index)) return "missing";
  const sources = Math.max(...SOURCES.map((name) => newestMtime(path.join(ADMIN_UI_PACKAGE_DIR, name))));
  return sources > statSync(index).mtimeMs ? "stale" : "fresh";
}

/** `vite build` in packages/admin-ui, its output passed through only when it fails. */
export function buildAdminUi() {
  const vite = path.join(ADMIN_UI_PACKAGE_DIR, "node_modules", "vite", "bin", "vite.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, "build", "--logLevel", "warn"], {
      cwd: ADMIN_UI_PACKAGE_DIR,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0 ? resolve(undefined) : reject(new Error(`vite build failed (exit ${code}):\n${output}`)),
    );
  });
}

/**
 * @param {(line: string) => void} say
 * @returns {Promise<"fresh" | "built">}
 */
export async function ensureAdminUiBuilt(say) {
  const state = adminUiBuildState();
  if (state === "fresh") return "fresh";
  say(
    `building the admin dashboard (${state === "missing" ? "first run" : "sources changed"}; about a minute)`,
  );
  await buildAdminUi();
  return "built";
}
