import { pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { instant, points, shopColumn, version } from "./util/columns.ts";

/** Which rule versions matched which event, and the points they awarded (0 if already awarded). */
export const ruleExecutions = pgTable(
  "rule_executions",
  {
    /** The evaluated event. */
    eventId: text("event_id").notNull(),
    /** The matched rule. */
    ruleId: uuid("rule_id").notNull(),
    /** The shop domain. */
    shop: shopColumn(),
    /** The rule version evaluated. */
    version: version("version").notNull(),
    /** Points this execution wrote to the ledger. */
    points: points("points").notNull(),
    /** When its batch was applied. */
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.ruleId] })],
);
