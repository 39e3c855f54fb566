import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "@loyalty/testing";
import { describe, expect, it } from "vitest";
import { nodeVersionProblem, REQUIRED_NODE_MAJOR } from "../bin/node-version.mjs";

const LAUNCHER = path.join(REPO_ROOT, "packages/cli/bin/loyalty.mjs");

describe("the loyalty launcher's Node check", () => {
  it("names the Node it needs, the one it got and how to get the right one, in one line", () => {
    const line = nodeVersionProblem("v20.20.2");
    expect(line).toContain(`needs Node.js ${REQUIRED_NODE_MAJOR} or later (this is v20.20.2)`);
    expect(line).toContain(`npm install --prefix ~/.cache/node24 node@24 pnpm@10`);
    expect(line).not.toContain("\n");
    expect(nodeVersionProblem("v22.12.0")).not.toBeNull();
  });

  it("lets Node 24 and later through", () => {
    expect(nodeVersionProblem("v24.0.0")).toBeNull();
    expect(nodeVersionProblem("v25.1.3")).toBeNull();
    expect(nodeVersionProblem(process.version)).toBeNull();
  });

  it("runs the TypeScript command behind it on this Node", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--conditions=source", LAUNCHER, "--help"],
      {
        cwd: REPO_ROOT,
      },
    );
    expect(stdout).toContain("Usage: loyalty");
  });
});
