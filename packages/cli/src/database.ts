import { isLoyaltyError } from "@loyalty/core";
import { closeDb, createDb, type Sql } from "@loyalty/db";
import { maskUrlPassword } from "@loyalty/platform";
import { CliError } from "./cli-error.ts";
import { commandConfig } from "./env.ts";
import { ToolEnv } from "./tool-env.ts";

/** Postgres error codes we can explain in a sentence (undefined_table, invalid_catalog_name). */
const NOT_MIGRATED = new Set(["42P01", "3D000"]);

/**
 * Runs `work` with a small pool on DATABASE_URL and always closes it. Errors become one
 * line: a domain error keeps its message, a missing table or database says to migrate,
 * an unreachable server names the (password-masked) URL.
 */
export function withDatabase<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
  return withDatabaseAt(commandConfig(ToolEnv).DATABASE_URL, work);
}

export async function withDatabaseAt<T>(url: string, work: (sql: Sql) => Promise<T>): Promise<T> {
  const database = createDb(url, { max: 2, applicationName: "loyalty-cli" });
  try {
    return await work(database.sql);
  } catch (error) {
    throw explainDatabaseError(error, url);
  } finally {
    await closeDb(database, { timeoutSeconds: 2 });
  }
}

export function explainDatabaseError(error: unknown, databaseUrl: string): unknown {
  if (error instanceof CliError || isLoyaltyError(error)) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === "string" && NOT_MIGRATED.has(code)) {
    return new CliError("not_migrated", `${message}: run \`loyalty migrate\` first`);
  }
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "CONNECT_TIMEOUT") {
    return new CliError(
      "postgres_unreachable",
      `cannot reach Postgres at ${maskUrlPassword(databaseUrl)} (${code})`,
    );
  }
  return error;
}
