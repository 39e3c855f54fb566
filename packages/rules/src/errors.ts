import { LoyaltyError } from "@loyalty/core";
import type { RuleRef } from "./evaluation.ts";

/** One mistake in a rules file, at its JSON path (`$[1].conditions.all[0].operator`). */
export interface RuleIssue {
  path: string;
  message: string;
}

/** `invalid_rule`: the API answers 400 with `details` = every mistake found. */
export class RuleValidationError extends LoyaltyError {
  declare readonly details: RuleIssue[];
  constructor(issues: RuleIssue[]) {
    const [first] = issues;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super("invalid_rule", first ? `${first.path}: ${first.message}${more}` : "invalid rule", issues);
    this.name = "RuleValidationError";
  }
}

/**
 * `rule_failed`: a rule threw while being evaluated. Permanent for this event: the processor
 * retries it and then dead-letters it, naming the rule so the merchant can fix it.
 */
export class RuleFailedError extends LoyaltyError {
  readonly rule: RuleRef;
  constructor(rule: RuleRef, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super("rule_failed", `rule "${rule.name}" (${rule.ruleId} v${rule.version}) failed: ${reason}`, [rule], {
      cause,
    });
    this.name = "RuleFailedError";
    this.rule = rule;
  }
}

/** `rule_needs_fallback`: evaluateSync met a rule only json-rules-engine (async) can evaluate. */
export class FallbackRequiredError extends LoyaltyError {
  constructor(rule: RuleRef, reason: string) {
    super(
      "rule_needs_fallback",
      `rule "${rule.name}" (${rule.ruleId}) is evaluated by json-rules-engine (${reason}); use evaluate()`,
      [{ ...rule, reason }],
    );
    this.name = "FallbackRequiredError";
  }
}
