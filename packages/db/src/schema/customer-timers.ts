import { index, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { instant, shopColumn } from "./util/columns.ts";

/**
 * Per-customer deadlines the scheduler watches (`inactivity`: the whole balance expires then;
 * `tier_period`: the tier is re-evaluated then). A separate narrow table rather than columns
 * on `customers`: an index there on a column the ledger changes every event would make each
 * customer update non-HOT (migration 0002), and only shops using these features write here.
 */
export const customerTimers = pgTable(
  "customer_timers",
  {
    shop: shopColumn(),
    customerId: text("customer_id").notNull(),
    /** `inactivity` | `tier_period` (a new kind of time-driven work adds a value). */
    kind: text("kind").notNull(),
    dueAt: instant("due_at").notNull(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.shop, t.customerId, t.kind] }),
    index("customer_timers_due_idx").on(t.dueAt),
  ],
);
