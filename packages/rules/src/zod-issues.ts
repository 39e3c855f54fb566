import type { z } from "zod";
import type { RuleIssue } from "./errors.ts";
import { formatJsonPath } from "./json-path.ts";

type Segment = PropertyKey;

/**
 * Turns zod issues into `{path, message}` with full JSON paths. A failed union reports every
 * branch's complaints; we keep only the branch the input was obviously meant to be (an
 * object with `all` is an all-condition, an action with `rate` is a rate action), so a typo
 * in a nested operator reads `$.conditions.all[0].operator`, not "invalid input" at the top.
 */
export function zodIssuesToRuleIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  base: readonly Segment[],
): RuleIssue[] {
  const out: RuleIssue[] = [];
  for (const issue of issues) collect(issue, [], input, base, out);
  return out;
}

function collect(
  issue: z.core.$ZodIssue,
  prefix: readonly Segment[],
  input: unknown,
  base: readonly Segment[],
  out: RuleIssue[],
  ignoreKey?: string,
): void {
  const path = [...prefix, ...issue.path];
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const choice = chooseBranch(path, valueAt(input, path), issue.errors.length);
    if (choice.message) {
      out.push({ path: formatJsonPath([...base, ...path, ...(choice.at ?? [])]), message: choice.message });
    }
    if (choice.branch === undefined) return;
    for (const nested of issue.errors[choice.branch] ?? []) {
      collect(nested, path, input, base, out, choice.ignoreKey);
    }
    return;
  }
  if (issue.code === "unrecognized_keys") {
    for (const key of issue.keys) {
      if (key === ignoreKey && issue.path.length === 0) continue;
      out.push({ path: formatJsonPath([...base, ...path, key]), message: `unknown key "${key}"` });
    }
    return;
  }
  out.push({ path: formatJsonPath([...base, ...path]), message: issue.message });
}

function valueAt(input: unknown, path: readonly Segment[]): unknown {
  let current = input;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/** The branch whose complaints to keep, and/or one message replacing the union's. */
interface Choice {
  branch?: number;
  at?: Segment[];
  message?: string;
  /** A key already explained by `message`, not to be reported again as unknown. */
  ignoreKey?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Branch indexes follow the union order in schema.ts. */
function chooseBranch(path: readonly Segment[], value: unknown, branches: number): Choice {
  const isAction = typeof path.at(-1) === "number" && path.at(-2) === "actions";
  return isAction ? chooseAction(value) : chooseCondition(value, branches);
}

function chooseCondition(value: unknown, branches: number): Choice {
  if (!isRecord(value)) return { message: "expected a condition object" };
  if (Object.hasOwn(value, "all")) return { branch: 0 };
  if (Object.hasOwn(value, "any")) return { branch: 1 };
  if (Object.hasOwn(value, "not")) return { branch: 2 };
  if (branches > 3) return { branch: 3 };
  return { message: 'conditions must start with "all", "any" or "not"' };
}

function chooseAction(value: unknown): Choice {
  if (!isRecord(value)) return { message: "expected an action object" };
  switch (value["type"]) {
    case "points": {
      const hasAmount = Object.hasOwn(value, "amount");
      const hasRate = Object.hasOwn(value, "rate");
      if (hasAmount && hasRate) {
        const message = 'a points action takes "amount" or "rate", not both';
        return { branch: 1, message, ignoreKey: "amount" };
      }
      if (!hasAmount && !hasRate) return { message: 'a points action needs "amount" or "rate"' };
      return { branch: hasRate ? 1 : 0 };
    }
    case "tier":
      return { branch: 2 };
    case "webhook":
      return { branch: 3 };
    default:
      return {
        at: ["type"],
        message: `unknown action type ${JSON.stringify(value["type"])} (expected "points", "tier" or "webhook")`,
      };
  }
}
