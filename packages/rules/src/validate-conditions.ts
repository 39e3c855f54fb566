import { CUSTOM_OPERATORS } from "./custom-operators.ts";
import type { RuleIssue } from "./errors.ts";
import { FACT_NAMES, isFactName } from "./facts.ts";
import { formatJsonPath, JSON_PATH_SUBSET, simplePathKeys } from "./json-path.ts";
import { parseOperator } from "./operators.ts";

type Segment = PropertyKey;

/**
 * What zod cannot see in a condition tree: unknown facts and operators, paths outside the
 * supported JSONPath subset, fact references, and values an operator cannot use. Tolerant of
 * structural garbage (zod reports that); every mistake found is pushed, not just the first.
 */
export function checkConditions(node: unknown, at: readonly Segment[], out: RuleIssue[]): void {
  if (!isRecord(node)) return;
  for (const key of ["all", "any"] as const) {
    if (!Object.hasOwn(node, key)) continue;
    const children = node[key];
    if (Array.isArray(children)) {
      children.forEach((child, i) => {
        checkConditions(child, [...at, key, i], out);
      });
    }
    return;
  }
  if (Object.hasOwn(node, "not")) checkConditions(node["not"], [...at, "not"], out);
  else checkLeaf(node, at, out);
}

function checkLeaf(leaf: Record<string, unknown>, at: readonly Segment[], out: RuleIssue[]): void {
  const issue = (where: Segment[], message: string) =>
    out.push({ path: formatJsonPath([...at, ...where]), message });
  checkFactAndPath(leaf, [], issue);

  const { operator, value, params } = leaf;
  const isReference = isRecord(value) && Object.hasOwn(value, "fact");
  if (isReference) {
    checkFactAndPath(value, ["value"], issue);
    for (const key of Object.keys(value)) {
      if (key !== "fact" && key !== "path") issue(["value", key], `unknown key "${key}" in a fact reference`);
    }
  }
  if (typeof operator !== "string") return;
  const parsed = parseOperator(operator);
  if (!parsed) {
    issue(["operator"], `unknown operator ${JSON.stringify(operator)}`);
    return;
  }
  const paramRecord = isRecord(params) ? params : undefined;
  const custom = CUSTOM_OPERATORS[parsed.base];
  const paramsProblem = custom?.checkParams?.(paramRecord);
  if (paramsProblem) issue(["params", "timeZone"], paramsProblem);
  // Decorated operators apply the base to elements, so the literal's shape is theirs to judge.
  if (isReference || parsed.decorators.length > 0) return;
  const problem = custom
    ? custom.checkValue(value)
    : (parsed.base === "in" || parsed.base === "notIn") && !Array.isArray(value)
      ? `"${parsed.base}" expects an array value`
      : null;
  if (problem) issue(["value"], problem);
}

function checkFactAndPath(
  node: Record<string, unknown>,
  where: Segment[],
  issue: (where: Segment[], message: string) => void,
): void {
  const { fact, path } = node;
  if (typeof fact === "string" && !isFactName(fact)) {
    issue([...where, "fact"], `unknown fact ${JSON.stringify(fact)} (expected ${FACT_NAMES.join(", ")})`);
  }
  if (typeof path === "string" && simplePathKeys(path) === null) {
    issue(
      [...where, "path"],
      `path ${JSON.stringify(path)} is outside the supported JSONPath subset (${JSON_PATH_SUBSET})`,
    );
  } else if (where.length > 0 && path !== undefined && typeof path !== "string") {
    issue([...where, "path"], "expected a JSONPath string");
  }
  if (where.length > 0 && typeof fact !== "string") issue([...where, "fact"], "expected a fact name");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
