import { fileURLToPath } from "node:url";
import { LoyaltyError } from "@loyalty/core";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as drizzleMigrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { ensureEventPartitions } from "./partitions.ts";

/** packages/db/drizzle, from src/ (tests, --conditions=source) and from dist/ alike. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../drizzle", import.meta.url));

export interface MigrateOptions {
  /** Create the database first when it does not exist (what `loyalty migrate` asks). */
  createDatabase?: boolean;
  /** Archive partitions are created for this instant's month and the next ones (default now). */
  now?: Date;
  /** Months of archive partitions beyond the current one (default 2). */
  monthsAhead?: number;
}

/** Applies the committed SQL migrations (drizzle's journal makes it idempotent), then partitions. */
export async function migrate(databaseUrl: string, options: MigrateOptions = {}): Promise<void> {
  if (options.createDatabase) await createDatabaseIfMissing(databaseUrl);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await drizzleMigrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER });
    await ensureEventPartitions(sql, {
      from: options.now ?? new Date(),
      monthsAhead: options.monthsAhead ?? 2,
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** CREATE DATABASE cannot run inside a transaction or take parameters: the name is checked first. */
export async function createDatabaseIfMissing(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(name)) {
    throw new LoyaltyError("invalid_database_name", `refusing to create database "${name}"`, [{ name }]);
  }
  url.pathname = "/postgres";
  const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin`SELECT 1 AS present FROM pg_database WHERE datname = ${name}`;
    if (row) return false;
    try {
      await admin.unsafe(`CREATE DATABASE "${name}"`);
    } catch (error) {
      // Another process created it between our check and our CREATE: that is success too.
      const code = (error as { code?: string }).code;
      if (code === "42P04" || code === "23505") return false;
      throw error;
    }
    return true;
  } finally {
    await admin.end({ timeout: 5 });
  }
}
