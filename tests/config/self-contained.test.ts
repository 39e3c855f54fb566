import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT, SHOPIFY_FIXTURES_DIR } from "@loyalty/testing";
import { describe, expect, it } from "vitest";

// A clone from the repository host has no shared/ folder beside it (that exists only next to
// a developer's checkout), so nothing the project runs, tests or builds may name it.
const FORBIDDEN = ["..", "shared"].join("/");

function trackedFiles(): string[] {
  return execFileSync("git", ["ls-files", "-z"], { cwd: REPO_ROOT, encoding: "utf8" })
    .split("\0")
    .filter((file) => file.length > 0 && !file.endsWith(".md") && file !== "pnpm-lock.yaml");
}

describe("the repository is self-contained", () => {
  it(`no tracked source, script or config file names ${FORBIDDEN}`, () => {
    const offenders = trackedFiles().filter((file) => {
      const full = path.join(REPO_ROOT, file);
      return existsSync(full) && readFileSync(full, "utf8").includes(FORBIDDEN);
    });
    expect(offenders).toEqual([]);
  });

  it("keeps its own copy of the Shopify fixtures inside the repository", () => {
    expect(path.relative(REPO_ROOT, SHOPIFY_FIXTURES_DIR)).toBe(path.join("fixtures", "shopify"));
    for (const name of ["orders-paid.json", "refunds-create-partial.json", "customers-create.json"]) {
      expect(existsSync(path.join(SHOPIFY_FIXTURES_DIR, name))).toBe(true);
    }
  });
});
