import { sql } from "drizzle-orm";
import { bigserial, index, integer, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { instant, shopColumn } from "./util/columns.ts";

/** What a command asks of Shopify (cancellation deactivates synchronously: it changes nothing until Shopify confirmed). */
export const shopifyCommandKind = pgEnum("shopify_command_kind", ["issue_reward"]);

/**
 * The outbox of calls to Shopify: written in the same transaction as the change that needs
 * them (a redemption, a cancellation), then executed at once and retried by the worker until
 * done. A command is the only way we change Shopify, so a crash at any point leaves a row
 * that says what still has to happen.
 */
export const shopifyCommands = pgTable(
  "shopify_commands",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    shop: shopColumn(),
    kind: shopifyCommandKind("kind").notNull(),
    /** The redemption it acts for. */
    redemptionId: uuid("redemption_id").notNull(),
    /** Attempts started so far. */
    attempts: integer("attempts").notNull().default(0),
    /** Not tried again before this (backoff); also the lease of the attempt in flight. */
    nextAttemptAt: instant("next_attempt_at").notNull().defaultNow(),
    /** Why the last attempt did not finish. */
    lastError: text("last_error"),
    /** Set once it succeeded or failed for good; null = still to do. */
    doneAt: instant("done_at"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("shopify_commands_due_idx").on(t.nextAttemptAt).where(sql`${t.doneAt} IS NULL`),
    index("shopify_commands_redemption_idx").on(t.redemptionId),
  ],
);
