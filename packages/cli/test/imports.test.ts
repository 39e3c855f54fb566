import { listRewards, loadActiveRules, loadTiers } from "@loyalty/db";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "@loyalty/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, lines, runCli } from "./cli.ts";
import { jsonFiles } from "./files.ts";

const SHOP = "analytical-engines.myshopify.com";

const SAMPLE_RULE = {
  name: "First order bonus",
  triggers: ["order.paid"],
  priority: 10,
  conditions: {
    all: [
      { fact: "order", path: "$.total", operator: "greaterThanInclusive", value: 100 },
      { fact: "customer", path: "$.ordersCount", operator: "equal", value: 1 },
    ],
  },
  actions: [{ type: "points", amount: 500, reason: "First order bonus" }],
  startsAt: null,
  endsAt: null,
};
const RATE_RULE = {
  name: "1 point per dollar",
  triggers: ["order.paid"],
  actions: [{ type: "points", rate: { points: 1, per: 1 }, base: "subtotal" }],
};
const TIERS = [
  { key: "bronze", name: "Bronze", level: 0, minPoints: 0, multiplier: 1 },
  { key: "silver", name: "Silver", level: 1, minPoints: 500, multiplier: 1.25 },
];

let database: MigratedTestDatabase;
let files: Awaited<ReturnType<typeof jsonFiles>>;
const run = (args: string[]) => runCli(args, { DATABASE_URL: database.url });

beforeAll(async () => {
  database = await createMigratedTestDatabase({ label: "cli_imports" });
  files = await jsonFiles();
});

afterAll(async () => {
  await files.remove();
  await database.cleanup();
});

describe("loyalty rules import", { timeout: CLI_TIMEOUT_MS }, () => {
  it("stores a valid rules file and reports created, unchanged and new version per rule", async () => {
    const file = await files.write("rules.json", [SAMPLE_RULE, RATE_RULE]);
    const first = await run(["rules", "import", "--shop", SHOP, file]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(lines(first.stdout)).toEqual([
      expect.stringMatching(/^created\s+First order bonus \(v1, id [0-9a-f-]+\)$/),
      expect.stringMatching(/^created\s+1 point per dollar \(v1, id [0-9a-f-]+\)$/),
    ]);

    const changed = await files.write("rule.json", {
      ...SAMPLE_RULE,
      actions: [{ type: "points", amount: 600 }],
    });
    const again = await run(["rules", "import", "--shop", SHOP, file]);
    expect(lines(again.stdout).every((line) => line.startsWith("unchanged"))).toBe(true);
    const second = await run(["rules", "import", "--shop", SHOP, changed]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^new version\s+First order bonus \(v2, /);

    const active = await loadActiveRules(database.sql, SHOP);
    expect(active.rules.map((rule) => [rule.name, rule.version])).toEqual([
      ["First order bonus", 2],
      ["1 point per dollar", 1],
    ]);
  });

  it("prints every mistake of a bad file with its JSON path, one per line, and stores nothing", async () => {
    const bad = {
      ...RATE_RULE,
      name: "Broken",
      triggers: ["order.payed"],
      conditions: { all: [{ fact: "order", path: "$.total", operator: "greaterThen", value: 1 }] },
    };
    const file = await files.write("bad-rules.json", [SAMPLE_RULE, bad]);
    const result = await run(["rules", "import", "--shop", SHOP, file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    const stderr = lines(result.stderr);
    expect(stderr).toHaveLength(2);
    expect(stderr).toContainEqual(
      `loyalty: ${file} $[1].conditions.all[0].operator: unknown operator "greaterThen"`,
    );
    expect(stderr.some((line) => line.startsWith(`loyalty: ${file} $[1].triggers[0]: `))).toBe(true);
    const names = (await loadActiveRules(database.sql, SHOP)).rules.map((rule) => rule.name);
    expect(names).not.toContain("Broken");
  });

  it("refuses a file that is not JSON in one line", async () => {
    const file = await files.write("not-json.json", "{ name: ");
    const result = await run(["rules", "import", "--shop", SHOP, file]);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([expect.stringContaining(`${file} is not valid JSON`)]);
  });

  it("refuses a shop that is not a myshopify domain before touching the database", async () => {
    const file = await files.write("one-rule.json", SAMPLE_RULE);
    const result = await runCli(["rules", "import", "--shop", "example.com", file], {
      DATABASE_URL: "postgres://postgres@127.0.0.1:1/none",
    });
    expect(result.code).not.toBe(0);
    expect(lines(result.stderr)).toEqual([
      expect.stringContaining('"example.com" is not a *.myshopify.com domain'),
    ]);
  });
});

describe("loyalty tiers import", { timeout: CLI_TIMEOUT_MS }, () => {
  it("replaces the shop's tiers", async () => {
    const file = await files.write("tiers.json", TIERS);
    const result = await run(["tiers", "import", "--shop", SHOP, file]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`replaced the tiers of ${SHOP} (2); 0 customer(s) changed tier`);
    expect((await loadTiers(database.sql, SHOP)).map((tier) => tier.key)).toEqual(["bronze", "silver"]);
  });

  it("reports each invalid tier field with its JSON path", async () => {
    const file = await files.write("bad-tiers.json", [
      { key: "Gold!", name: "Gold", level: 2, minPoints: -1 },
      { key: "bronze", name: "Bronze", level: 0, minPoints: 0 },
    ]);
    const result = await run(["tiers", "import", "--shop", SHOP, file]);
    expect(result.code).toBe(1);
    const stderr = lines(result.stderr);
    expect(stderr).toHaveLength(2);
    expect(stderr[0]).toContain(`${file} $[0].key: `);
    expect(stderr[1]).toContain(`${file} $[0].minPoints: `);
  });
});

describe("loyalty rewards import", { timeout: CLI_TIMEOUT_MS }, () => {
  it("inserts rewards, then updates a changed one and leaves the same one alone", async () => {
    const reward = { key: "5-off", name: "$5 off", costPoints: 500, kind: "fixed_discount", value: 5 };
    const file = await files.write("rewards.json", [reward]);
    const first = await run(["rewards", "import", "--shop", SHOP, file]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(lines(first.stdout)).toEqual(['created    5-off "$5 off" 500 points (fixed_discount 5)']);

    const same = await run(["rewards", "import", "--shop", SHOP, file]);
    expect(same.stdout).toMatch(/^unchanged\s+5-off/);

    const cheaper = await files.write("cheaper.json", { ...reward, costPoints: 400 });
    const updated = await run(["rewards", "import", "--shop", SHOP, cheaper]);
    expect(updated.stdout).toMatch(/^updated\s+5-off "\$5 off" 400 points/);
    expect(await listRewards(database.sql, SHOP)).toEqual([
      {
        ...reward,
        costPoints: 400,
        active: true,
        expiresInDays: null,
        minimumSubtotal: null,
        combinesWith: null,
      },
    ]);
  });

  it("reports each mistake of a bad rewards file with its JSON path", async () => {
    const file = await files.write("bad-rewards.json", [
      { key: "10-off", name: "$10 off", costPoints: 0, kind: "fixed_discount", value: 10 },
      { key: "ship", name: "Free shipping", costPoints: 300, kind: "free_delivery" },
    ]);
    const result = await run(["rewards", "import", "--shop", SHOP, file]);
    expect(result.code).toBe(1);
    const stderr = lines(result.stderr);
    expect(stderr).toHaveLength(2);
    expect(stderr[0]).toContain(`${file} $[0].costPoints: `);
    expect(stderr[1]).toContain(`${file} $[1].kind: `);
    expect((await listRewards(database.sql, SHOP)).map((r) => r.key)).toEqual(["5-off"]);
  });
});
