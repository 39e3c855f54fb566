import { readFile } from "node:fs/promises";
import path from "node:path";
import { createDatabaseIfMissing, MIGRATIONS_FOLDER, migrate } from "@loyalty/db";
import postgres from "postgres";
import { z } from "zod";

export interface MigrationReport {
  /** The database did not exist and was created. */
  createdDatabase: boolean;
  database: string;
  /** Tags of the migrations this run applied, oldest first. */
  applied: string[];
  /** Migrations recorded in the database after the run. */
  total: number;
}

const Journal = z.object({ entries: z.array(z.object({ tag: z.string() })) });

/**
 * `migrate(url, { createDatabase: true })` plus what it did, for people reading the output:
 * drizzle's migrator says nothing, so we count its journal rows before and after.
 */
export async function runMigrations(databaseUrl: string): Promise<MigrationReport> {
  const createdDatabase = await createDatabaseIfMissing(databaseUrl);
  const before = await countApplied(databaseUrl);
  await migrate(databaseUrl, { createDatabase: true });
  const total = await countApplied(databaseUrl);
  const journal = Journal.parse(
    JSON.parse(await readFile(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")),
  );
  return {
    createdDatabase,
    database: decodeURIComponent(new URL(databaseUrl).pathname.slice(1)),
    applied: journal.entries.slice(before, total).map((entry) => entry.tag),
    total,
  };
}

export function describeMigration(report: MigrationReport): string[] {
  const lines = report.createdDatabase ? [`created database ${report.database}`] : [];
  lines.push(
    report.applied.length === 0
      ? `database ${report.database} is up to date (${report.total} migrations)`
      : `applied ${report.applied.length} migration(s) to ${report.database}: ${report.applied.join(", ")} (${report.total} in total)`,
  );
  return lines;
}

/** Rows in drizzle's journal table; 0 when it does not exist yet (a fresh database). */
async function countApplied(databaseUrl: string): Promise<number> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ count: string }[]>`
      SELECT count(*)::text AS count FROM drizzle.__drizzle_migrations`;
    return Number(row?.count ?? 0);
  } catch (error) {
    const code = (error as { code?: string }).code;
    // undefined_table / invalid_schema_name: never migrated.
    if (code === "42P01" || code === "3F000") return 0;
    throw error;
  } finally {
    await sql.end({ timeout: 2 });
  }
}
