import { jsonb, pgTable, primaryKey, uuid } from "drizzle-orm/pg-core";
import { rules } from "./rules.ts";
import { instant, version } from "./util/columns.ts";

/** Immutable rule definitions: an edit writes a new version, so executions can name what ran. */
export const ruleVersions = pgTable(
  "rule_versions",
  {
    /** The rule this is a version of. */
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => rules.id),
    /** 1, 2, …; never rewritten. */
    version: version("version").notNull(),
    /** The rule as merchants wrote it (CONTRACT.md rule file); validated by @loyalty/rules on write. */
    definition: jsonb("definition").$type<unknown>().notNull(),
    /** When this version was written. */
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.version] })],
);
