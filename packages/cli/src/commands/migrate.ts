import type { Command } from "commander";
import { lazyAction } from "../lazy-action.ts";

/** `loyalty migrate`: create the database when missing, apply migrations, make archive partitions. */
export function registerMigrateCommand(program: Command): void {
  program
    .command("migrate")
    .description("create the DATABASE_URL database if missing and apply every migration (idempotent)")
    .action(lazyAction(() => import("../actions/migrate.ts").then((m) => m.migrateAction)));
}
