import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createTestDatabase, ensureTemplate, type TestDatabase } from "@loyalty/testing";
import { closeDb, createDb, type Database } from "./db.ts";
import { MIGRATIONS_FOLDER, migrate } from "./migrate.ts";

/**
 * Test helper (import "@loyalty/db/testing"; needs vitest's globalSetup from @loyalty/testing).
 * The template is named by a hash of the migration files and the current month (archive
 * partitions are made for "now"), so a changed migration gets a fresh template and every
 * test file clones it in milliseconds.
 */
export function migrationsVersion(now = new Date()): string {
  const hash = createHash("sha256");
  for (const file of listFiles(MIGRATIONS_FOLDER)) {
    hash.update(path.relative(MIGRATIONS_FOLDER, file));
    hash.update(readFileSync(file));
  }
  hash.update(now.toISOString().slice(0, 7));
  return `db_${hash.digest("hex").slice(0, 20)}`;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? listFiles(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
    )
    .sort();
}

export interface MigratedTestDatabase extends TestDatabase, Database {
  /** Closes the pool and drops the database. */
  cleanup: () => Promise<void>;
}

export async function createMigratedTestDatabase(
  options: { label?: string; max?: number } = {},
): Promise<MigratedTestDatabase> {
  const template = await ensureTemplate(migrationsVersion(), (url) => migrate(url));
  const database = await createTestDatabase({ template, label: options.label ?? "db" });
  const { sql, db } = createDb(database.url, { max: options.max ?? 4, applicationName: "loyalty-test" });
  return {
    ...database,
    sql,
    db,
    cleanup: async () => {
      await closeDb({ sql });
      await database.drop();
    },
  };
}
