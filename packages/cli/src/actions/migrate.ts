import { explainDatabaseError } from "../database.ts";
import { commandConfig } from "../env.ts";
import { describeMigration, runMigrations } from "../migrations.ts";
import { ToolEnv } from "../tool-env.ts";

export async function migrateAction(): Promise<void> {
  const { DATABASE_URL } = commandConfig(ToolEnv);
  try {
    for (const line of describeMigration(await runMigrations(DATABASE_URL)))
      process.stdout.write(`${line}\n`);
  } catch (error) {
    throw explainDatabaseError(error, DATABASE_URL);
  }
}
