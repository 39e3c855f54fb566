import type { NameConflict } from "@loyalty/db";
import { badRequest, conflict, type HttpError } from "@loyalty/platform";
import { type RuleDefinition, type RuleIssue, RuleValidationError, validateRules } from "@loyalty/rules";

/**
 * A rules body validated by @loyalty/rules (not by the route schema): it reports every
 * mistake at once with its JSON path (`$[1].conditions.all[0].operator`), which is what
 * merchants fixing a rules file need. `prefix` places the paths inside a larger body.
 */
export function parseRuleBody(
  input: unknown,
  knownTiers: readonly string[],
  options: { prefix?: string } = {},
): RuleDefinition[] {
  const result = validateRules(input, { knownTiers });
  const issues = result.ok ? duplicateNames(input, result.rules) : result.errors;
  if (issues.length > 0) {
    const placed = issues.map((issue) => ({ ...issue, path: placePath(issue.path, options.prefix) }));
    const error = new RuleValidationError(placed);
    throw badRequest(error.code, error.message, placed);
  }
  return result.ok ? result.rules : [];
}

/** PUT takes exactly one rule. */
export function parseSingleRule(input: unknown, knownTiers: readonly string[]): RuleDefinition {
  if (Array.isArray(input)) {
    throw badRequest("invalid_rule", "$: send one rule object, not an array", [
      { path: "$", message: "expected one rule object, not an array" },
    ]);
  }
  return parseRuleBody(input, knownTiers)[0]!;
}

/** 409 naming each definition whose name another rule of the shop already has. */
export function nameTakenError(conflicts: readonly NameConflict[], isArray: boolean): HttpError {
  const details = conflicts.map((item) => ({
    path: isArray ? `$[${item.index}].name` : "$.name",
    message: `a rule named "${item.name}" already exists`,
    ruleId: item.ruleId,
  }));
  const names = conflicts.map((item) => `"${item.name}"`).join(", ");
  return conflict(
    "rule_name_taken",
    conflicts.length > 0
      ? `A rule named ${names} already exists; change it with PUT /v1/rules/:id instead.`
      : "A rule with that name already exists.",
    details,
  );
}

function duplicateNames(input: unknown, rules: readonly RuleDefinition[]): RuleIssue[] {
  if (!Array.isArray(input)) return [];
  const seen = new Set<string>();
  const issues: RuleIssue[] = [];
  rules.forEach((rule, index) => {
    if (seen.has(rule.name)) {
      issues.push({ path: `$[${index}].name`, message: `duplicate name "${rule.name}" in this request` });
    }
    seen.add(rule.name);
  });
  return issues;
}

function placePath(path: string, prefix: string | undefined): string {
  return prefix === undefined ? path : `${prefix}${path.slice(1)}`;
}
