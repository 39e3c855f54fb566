import { describe, expect, it } from "vitest";
import { readText } from "./files.ts";

/** Dockerfile instructions, with `\` continuations joined and comments dropped. */
function instructions(dockerfile: string): { keyword: string; rest: string }[] {
  return dockerfile
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [keyword = "", ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), rest: rest.join(" ") };
    });
}

const dockerfile = readText("deploy/docker/Dockerfile");
const steps = instructions(dockerfile);
const runs = steps.filter((s) => s.keyword === "RUN").map((s) => s.rest);

describe("deploy/docker/Dockerfile", () => {
  it("builds in several stages from node:24-slim", () => {
    expect(steps.find((s) => s.keyword === "ARG" && s.rest.startsWith("NODE_IMAGE="))?.rest).toBe(
      "NODE_IMAGE=node:24-slim",
    );
    const froms = steps.filter((s) => s.keyword === "FROM");
    expect(froms.length).toBeGreaterThanOrEqual(3);
    expect(froms.at(-1)?.rest).toMatch(/^\$\{NODE_IMAGE\} AS runtime$/);
  });

  it("installs the pinned pnpm with npm, installs from the frozen lockfile and builds", () => {
    expect(dockerfile).toMatch(/ARG PNPM_VERSION=10\.34\.9/);
    expect(
      runs.some((r) => /^npm install --global --no-audit --no-fund "pnpm@\$\{PNPM_VERSION\}"$/.test(r)),
    ).toBe(true);
    expect(runs.some((r) => /pnpm install --frozen-lockfile/.test(r))).toBe(true);
    expect(runs).toContain("pnpm build");
    expect(runs.some((r) => /pnpm install --frozen-lockfile --offline --prod/.test(r))).toBe(true);
  });

  it("runs as a non-root numeric user, so Kubernetes can verify runAsNonRoot", () => {
    const users = steps.filter((s) => s.keyword === "USER");
    expect(users.at(-1)?.rest).toMatch(/^[1-9]\d*(:\d+)?$/);
  });

  it("starts the loyalty command, the service given as the container command", () => {
    const entrypoint = steps.filter((s) => s.keyword === "ENTRYPOINT").at(-1);
    expect(JSON.parse(entrypoint?.rest ?? "null")).toEqual(["node", "packages/cli/dist/bin.js"]);
  });

  it("leaves health checking to the orchestrator", () => {
    expect(steps.some((s) => s.keyword === "HEALTHCHECK")).toBe(false);
  });

  it("keeps local installs, builds and git history out of the build context", () => {
    const ignored = readText("deploy/docker/Dockerfile.dockerignore")
      .split("\n")
      .map((l) => l.trim());
    for (const pattern of ["**/node_modules", "**/dist", ".git"]) expect(ignored).toContain(pattern);
  });
});
