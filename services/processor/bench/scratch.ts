import { closeDb, createDb, type Database, importRules, migrate, replaceTiers } from "@loyalty/db";
import type { Redis } from "ioredis";
import postgres from "postgres";
import { realisticRules } from "../../../packages/rules/bench/realistic-rules.ts";
import { BENCH_SHOP, BENCH_TIERS } from "./bench-events.ts";

export interface ScratchDatabase extends Database {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database next to the admin URL, with the bench shop's tiers and the 20
 * realistic rules imported the way `loyalty rules import` does. Dropped (FORCE) by `drop`.
 */
export async function createScratchDatabase(adminUrl: string, label: string): Promise<ScratchDatabase> {
  const name = `loyalty_bench_${label}_${Date.now().toString(36)}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString(), { createDatabase: true });
  const database = createDb(url.toString(), { max: 2, applicationName: `bench-setup ${label}` });
  await replaceTiers(database.sql, BENCH_SHOP, BENCH_TIERS);
  await importRules(
    database.sql,
    BENCH_SHOP,
    realisticRules(20).map((rule) => rule.definition),
  );
  return {
    ...database,
    url: url.toString(),
    name,
    async drop() {
      await closeDb(database).catch(() => {});
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** Deletes every key under `prefix:` (SCAN + UNLINK, never KEYS on a shared server). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = "0";
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== "0");
  return deleted;
}
