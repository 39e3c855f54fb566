import { LoyaltyError } from "@loyalty/core";
import type { RuleRecord, RuleVersionRecord } from "@loyalty/db";
import { type RuleDefinition, RuleDefinition as RuleDefinitionSchema } from "@loyalty/rules";
import type { RuleView } from "./schemas.ts";

/**
 * Stored definitions were validated on write; parsing again applies defaults older writes
 * left out. One that no longer parses is our data's fault, so it must be a 500, not the 400
 * a ZodError would give.
 */
function definitionOf(ruleId: string, stored: unknown): RuleDefinition {
  const parsed = RuleDefinitionSchema.safeParse(stored);
  if (!parsed.success) {
    throw new LoyaltyError(
      "stored_rule_invalid",
      `stored definition of rule ${ruleId} is not valid`,
      [{ ruleId }],
      {
        cause: parsed.error,
      },
    );
  }
  return parsed.data;
}

export function toRuleView(record: RuleRecord): RuleView {
  return { ...record, definition: definitionOf(record.id, record.definition) };
}

export function toVersionView(ruleId: string, record: RuleVersionRecord) {
  return { ...record, definition: definitionOf(ruleId, record.definition) };
}
