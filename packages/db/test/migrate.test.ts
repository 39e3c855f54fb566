import { createTestDatabase, testAdminDatabaseUrl } from "@loyalty/testing";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabaseIfMissing, ensureEventPartitions, migrate } from "../src/index.ts";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function emptyDatabase() {
  const database = await createTestDatabase({ label: "mig" });
  const sql = postgres(database.url, { max: 2, onnotice: () => {} });
  cleanups.push(async () => {
    await sql.end();
    await database.drop();
  });
  return { ...database, sql };
}

describe("migrations", () => {
  it("apply on an empty database, create every table, and run again as a no-op", async () => {
    const { url, sql } = await emptyDatabase();
    await migrate(url, { now: new Date("2026-05-15T00:00:00Z") });
    await migrate(url, { now: new Date("2026-05-15T00:00:00Z") });
    const tables = await sql<{ name: string }[]>`
      SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`;
    expect(tables.map((t) => t.name)).toEqual([
      "adjustments",
      "api_keys",
      "customer_orders",
      "customer_timers",
      "customers",
      "events",
      "order_refunds",
      "outbox",
      "points_ledger",
      "points_lots",
      "processed_events",
      "redemptions",
      "rewards",
      "rule_awards",
      "rule_executions",
      "rule_versions",
      "rules",
      "shop_settings",
      "shop_tokens",
      "shopify_commands",
      "shops",
      "tiers",
      "webhook_deliveries",
      "webhook_endpoints",
    ]);
    const [events] = await sql`SELECT relkind FROM pg_class WHERE relname = 'events'`;
    expect(events?.relkind).toBe("p");
  });

  it("creates the database when asked and it does not exist", async () => {
    const admin = new URL(testAdminDatabaseUrl());
    const name = `lt_create_${Date.now().toString(36)}`;
    admin.pathname = `/${name}`;
    const sql = postgres(testAdminDatabaseUrl(), { max: 1, onnotice: () => {} });
    cleanups.push(async () => {
      await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await sql.end();
    });
    await migrate(admin.toString(), { createDatabase: true });
    expect(await createDatabaseIfMissing(admin.toString())).toBe(false);
    const [row] = await sql`SELECT 1 AS present FROM pg_database WHERE datname = ${name}`;
    expect(row?.present).toBe(1);
  });
});

describe("ensureEventPartitions", () => {
  it("creates monthly partitions idempotently and moves rows out of the default partition", async () => {
    const { url, sql } = await emptyDatabase();
    await migrate(url, { now: new Date("2026-05-15T00:00:00Z"), monthsAhead: 0 });
    await sql`
      INSERT INTO events (id, shop, type, occurred_at, received_at, payload)
      VALUES ('e1', 's.myshopify.com', 'order.paid', now(), '2026-07-03T00:00:00Z', '{}')`;
    const created = await ensureEventPartitions(sql, {
      from: new Date("2026-06-20T00:00:00Z"),
      monthsAhead: 1,
    });
    expect(created).toEqual(["events_p2026_06", "events_p2026_07"]);
    expect(
      await ensureEventPartitions(sql, { from: new Date("2026-06-20T00:00:00Z"), monthsAhead: 1 }),
    ).toEqual([]);
    const partitions = await sql<{ name: string }[]>`
      SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'events'::regclass ORDER BY 1`;
    expect(partitions.map((p) => p.name)).toEqual([
      "events_default",
      "events_p2026_05",
      "events_p2026_06",
      "events_p2026_07",
    ]);
    const [row] = await sql`SELECT tableoid::regclass::text AS partition FROM events WHERE id = 'e1'`;
    expect(row?.partition).toBe("events_p2026_07");
  });
});
