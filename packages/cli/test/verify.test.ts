import { replaceTiers, type Sql, upsertShop } from "@loyalty/db";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "@loyalty/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, lines, runCli } from "./cli.ts";

const SHOP = "analytical-engines.myshopify.com";
let database: MigratedTestDatabase;
const run = (args: string[]) => runCli(args, { DATABASE_URL: database.url });

/** A customer whose profile matches its ledger: 650 earned, 66 clawed back, silver from 500. */
async function seedConsistentCustomer(sql: Sql, customerId: string): Promise<void> {
  await sql`
    INSERT INTO customers (shop, customer_id, balance, lifetime_points, tier)
    VALUES (${SHOP}, ${customerId}, 584, 584, 'silver')`;
  await sql`
    INSERT INTO points_ledger (shop, customer_id, delta, kind, reason, order_id) VALUES
      (${SHOP}, ${customerId}, 650, 'earn', 'order', '1'),
      (${SHOP}, ${customerId}, -66, 'clawback', 'refund', '1')`;
}

beforeAll(async () => {
  database = await createMigratedTestDatabase({ label: "cli_verify" });
  await upsertShop(database.sql, { domain: SHOP });
  await replaceTiers(database.sql, SHOP, [
    { key: "bronze", name: "Bronze", level: 0, minPoints: 0, multiplier: 1 },
    { key: "silver", name: "Silver", level: 1, minPoints: 500, multiplier: 1 },
  ]);
  await seedConsistentCustomer(database.sql, "c-1");
  await seedConsistentCustomer(database.sql, "c-2");
});

afterAll(async () => {
  await database.cleanup();
});

describe("loyalty verify", { timeout: CLI_TIMEOUT_MS }, () => {
  it("exits 0 with a one-line summary when every balance and tier matches the ledger", async () => {
    const result = await run(["verify", "--shop", SHOP]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([
      `ok: 2 customer(s) of ${SHOP} checked; every balance equals its ledger and every tier matches lifetime points`,
    ]);
  });

  it("exits 1 and lists the mismatch when a balance was tampered with", async () => {
    await database.sql`UPDATE customers SET balance = 9999 WHERE customer_id = 'c-2'`;
    const result = await run(["verify"]);
    expect(result.code).toBe(1);
    expect(lines(result.stdout)).toEqual([
      expect.stringMatching(/^shop\s+customer\s+field\s+expected\s+actual$/),
      expect.stringMatching(new RegExp(`^${SHOP}\\s+c-2\\s+balance\\s+584\\s+9999$`)),
    ]);
    expect(lines(result.stderr)).toEqual([
      `loyalty: 1 customer(s) of 2 do not match their ledger; first: ${SHOP} c-2 balance expected 584, got 9999`,
    ]);
  });
});
