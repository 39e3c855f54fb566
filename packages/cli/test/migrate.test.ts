import { randomBytes } from "node:crypto";
import { createTestDatabase, testAdminDatabaseUrl } from "@loyalty/testing";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, lines, runCli } from "./cli.ts";

function databaseUrl(name: string): string {
  const url = new URL(testAdminDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

const created: string[] = [];

afterAll(async () => {
  const admin = postgres(testAdminDatabaseUrl(), { max: 1, onnotice: () => {} });
  for (const name of created) await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

describe("loyalty migrate", { timeout: CLI_TIMEOUT_MS }, () => {
  it("creates a missing database, applies every migration, and is a no-op the second time", async () => {
    const name = `lt_cli_migrate_${randomBytes(4).toString("hex")}`;
    created.push(name);
    const first = await runCli(["migrate"], { DATABASE_URL: databaseUrl(name) });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`created database ${name}`);
    expect(first.stdout).toMatch(/applied \d+ migration\(s\) to .*0000_init/);

    const second = await runCli(["migrate"], { DATABASE_URL: databaseUrl(name) });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(new RegExp(`database ${name} is up to date \\(\\d+ migrations\\)`));
    expect(second.stdout).not.toContain("created database");

    const sql = postgres(databaseUrl(name), { max: 1, onnotice: () => {} });
    const [row] = await sql`SELECT to_regclass('public.points_ledger') AS ledger`;
    await sql.end();
    expect(row?.ledger).toBe("points_ledger");
  });

  it("migrates an existing empty database without creating it", async () => {
    const database = await createTestDatabase({ label: "cli_empty" });
    try {
      const result = await runCli(["migrate"], { DATABASE_URL: database.url });
      expect(result.code).toBe(0);
      expect(result.stdout).not.toContain("created database");
      expect(result.stdout).toContain("0000_init");
    } finally {
      await database.drop();
    }
  });
});

describe("loyalty's failures", { timeout: CLI_TIMEOUT_MS }, () => {
  it("exits 2 with one line naming a bad environment variable", async () => {
    const result = await runCli(["migrate"], { DATABASE_URL: "mysql://db/loyalty" });
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toContain("DATABASE_URL must be a URL starting with postgres://");
  });

  it("exits non-zero with one line for an unknown command", async () => {
    const result = await runCli(["mgirate"]);
    expect(result.code).not.toBe(0);
    expect(lines(result.stderr)).toEqual([
      "loyalty: unknown command 'mgirate' (Did you mean migrate?) (see --help)",
    ]);
  });

  it("names an unreachable database in one line", async () => {
    const result = await runCli(["verify"], { DATABASE_URL: "postgres://postgres@127.0.0.1:1/loyalty" });
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      "loyalty: cannot reach Postgres at postgres://postgres@127.0.0.1:1/loyalty (ECONNREFUSED)",
    ]);
  });
});

describe("loyalty --help", { timeout: CLI_TIMEOUT_MS }, () => {
  it("lists every command of the contract", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    for (const command of [
      "migrate",
      "start",
      "ingest",
      "processor",
      "dispatcher",
      "query",
      "keys",
      "rules",
      "tiers",
      "rewards",
      "streams",
      "dlq",
      "verify",
      "demo",
    ]) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
    }
  });

  it("describes each subcommand with its own --help", async () => {
    const commands = [
      ["migrate"],
      ["start"],
      ["keys", "create"],
      ["keys", "list"],
      ["keys", "revoke"],
      ["rules", "import"],
      ["tiers", "import"],
      ["rewards", "import"],
      ["verify"],
      ["demo"],
    ];
    const results = await Promise.all(commands.map((args) => runCli([...args, "--help"])));
    results.forEach((result, index) => {
      const command = commands[index]!.join(" ");
      expect(result.code, command).toBe(0);
      expect(result.stdout).toContain(`Usage: loyalty ${command}`);
    });
  });
});
