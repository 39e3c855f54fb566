import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema/index.ts";

/**
 * Anything that runs a query: the pool (`Sql`) or a transaction. Functions that may run
 * inside a caller's transaction take this; those that open their own transaction take `Sql`.
 */
export type Queryable = postgres.ISql;
export type Sql = postgres.Sql;
export type Schema = typeof schema;

export interface Database {
  /** postgres.js pool: the ledger's set-based statements use it directly. */
  sql: postgres.Sql;
  /** drizzle over the same pool, for typed queries. */
  db: PostgresJsDatabase<Schema>;
}

export interface CreateDbOptions {
  /** Pool size (default 10). */
  max?: number;
  /** Application name shown in pg_stat_activity. */
  applicationName?: string;
}

/**
 * One pool for both raw SQL and drizzle. Note drizzle's postgres-js driver makes the pool
 * return timestamps as strings and pass JSON parameters through untouched; our own SQL
 * therefore sends timestamps and JSON as text with explicit casts and reads int8 through
 * Number(), so it behaves the same on any postgres.js client.
 */
export function createDb(url: string, options: CreateDbOptions = {}): Database {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? "loyalty" },
  });
  return { sql, db: drizzle(sql, { schema }) };
}

export async function closeDb(database: Pick<Database, "sql">, options: { timeoutSeconds?: number } = {}) {
  await database.sql.end({ timeout: options.timeoutSeconds ?? 5 });
}
