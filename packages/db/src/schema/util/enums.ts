import { pgEnum } from "drizzle-orm/pg-core";

/** What moved points: CONTRACT.md's transaction `kind`s, in the same words. */
export const ledgerKind = pgEnum("ledger_kind", [
  "earn",
  "clawback",
  "redeem",
  "adjust",
  "expire",
  "redeem_reversal",
]);
export type LedgerKind = (typeof ledgerKind.enumValues)[number];

/** Only `active` rules are evaluated; `archived` frees the name for a new rule. */
export const ruleStatus = pgEnum("rule_status", ["active", "paused", "archived"]);
export type RuleStatus = (typeof ruleStatus.enumValues)[number];
