import { findShopByApiKey } from "@loyalty/db";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "@loyalty/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, lines, runCli } from "./cli.ts";

const SHOP = "analytical-engines.myshopify.com";
let database: MigratedTestDatabase;
const run = (args: string[]) => runCli(args, { DATABASE_URL: database.url });

beforeAll(async () => {
  database = await createMigratedTestDatabase({ label: "cli_keys" });
});

afterAll(async () => {
  await database.cleanup();
});

describe("loyalty keys", { timeout: CLI_TIMEOUT_MS }, () => {
  it("prints a new key alone on the last line of stdout, and that key authenticates for the shop", async () => {
    const result = await run(["keys", "create", "--shop", SHOP, "--label", "storefront"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const key = lines(result.stdout).at(-1) ?? "";
    expect(key).toMatch(/^lsk_[A-Za-z0-9_-]{43}$/);
    expect(await findShopByApiKey(database.sql, key)).toEqual({ id: expect.any(String), shop: SHOP });
  });

  it("lists keys by prefix and label without ever showing a key", async () => {
    const created = await run(["keys", "create", "--shop", SHOP, "--label", "list-me"]);
    const key = lines(created.stdout).at(-1) ?? "";
    const listed = await run(["keys", "list", "--shop", SHOP]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain("list-me");
    expect(listed.stdout).toContain(`${key.slice(0, 10)}…`);
    expect(listed.stdout).not.toContain(key);
  });

  it("revokes a key by id, after which it no longer authenticates", async () => {
    const created = await run(["keys", "create", "--shop", SHOP]);
    const key = lines(created.stdout).at(-1) ?? "";
    const found = await findShopByApiKey(database.sql, key);
    const revoked = await run(["keys", "revoke", "--shop", SHOP, found?.id ?? "missing"]);
    expect(revoked.code).toBe(0);
    expect(await findShopByApiKey(database.sql, key)).toBeNull();

    const again = await run(["keys", "revoke", "--shop", SHOP, found?.id ?? "missing"]);
    expect(again.code).toBe(1);
    expect(lines(again.stderr)).toEqual([`loyalty: no active API key ${found?.id} for ${SHOP}`]);
  });
});
