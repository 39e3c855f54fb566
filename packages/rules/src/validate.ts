import { type RuleIssue, RuleValidationError } from "./errors.ts";
import { formatJsonPath } from "./json-path.ts";
import { RuleDefinition } from "./schema.ts";
import { checkConditions } from "./validate-conditions.ts";
import { zodIssuesToRuleIssues } from "./zod-issues.ts";

export interface ValidateRulesOptions {
  /** The shop's tier keys; when given, a tier action naming another tier is a mistake. */
  knownTiers?: readonly string[];
}

export type ValidateRulesResult = { ok: true; rules: RuleDefinition[] } | { ok: false; errors: RuleIssue[] };

type Segment = PropertyKey;

/**
 * Validates a rules file (one rule or an array) and reports every mistake with its JSON path:
 * `$.actions[0].type` for a single rule, `$[1].conditions.all[0].operator` in an array.
 * On success the rules come back with defaults applied (priority 0, status active, …).
 */
export function validateRules(input: unknown, options: ValidateRulesOptions = {}): ValidateRulesResult {
  const items = Array.isArray(input) ? input : [input];
  const errors: RuleIssue[] = [];
  const rules: RuleDefinition[] = [];
  items.forEach((item, index) => {
    const base: Segment[] = Array.isArray(input) ? [index] : [];
    const parsed = RuleDefinition.safeParse(item);
    if (parsed.success) rules.push(parsed.data);
    const issues = parsed.success ? [] : zodIssuesToRuleIssues(parsed.error.issues, item, base);
    issues.push(...semanticIssues(item, base, options));
    errors.push(...issues.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)));
  });
  return errors.length > 0 ? { ok: false, errors: dedupe(errors) } : { ok: true, rules };
}

/** validateRules for callers that throw: RuleValidationError (`invalid_rule`, details = every mistake). */
export function parseRules(input: unknown, options: ValidateRulesOptions = {}): RuleDefinition[] {
  const result = validateRules(input, options);
  if (!result.ok) throw new RuleValidationError(result.errors);
  return result.rules;
}

function semanticIssues(item: unknown, base: Segment[], options: ValidateRulesOptions): RuleIssue[] {
  if (item === null || typeof item !== "object" || Array.isArray(item)) return [];
  const rule = item as Record<string, unknown>;
  const out: RuleIssue[] = [];
  if (rule["conditions"] !== undefined) checkConditions(rule["conditions"], [...base, "conditions"], out);

  const { startsAt, endsAt } = rule;
  if (typeof startsAt === "string" && typeof endsAt === "string") {
    const from = Date.parse(startsAt);
    const to = Date.parse(endsAt);
    if (Number.isFinite(from) && Number.isFinite(to) && from >= to) {
      out.push({ path: formatJsonPath([...base, "endsAt"]), message: "endsAt must be later than startsAt" });
    }
  }

  const { knownTiers } = options;
  const actions = rule["actions"];
  if (knownTiers && Array.isArray(actions)) {
    actions.forEach((action: unknown, i) => {
      if (action === null || typeof action !== "object") return;
      const { type, tier } = action as Record<string, unknown>;
      if (type === "tier" && typeof tier === "string" && !knownTiers.includes(tier)) {
        const known = knownTiers.length > 0 ? knownTiers.join(", ") : "none";
        out.push({
          path: formatJsonPath([...base, "actions", i, "tier"]),
          message: `unknown tier "${tier}" (this shop's tiers: ${known})`,
        });
      }
    });
  }
  return out;
}

function dedupe(issues: RuleIssue[]): RuleIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\n${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
