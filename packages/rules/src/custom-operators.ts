import type { OperatorFn } from "./operator-fn.ts";
import { dayOfWeekIn, isValidTimeZone } from "./weekday.ts";

export type { OperatorFn } from "./operator-fn.ts";
export { isValidTimeZone, zonedWeekday } from "./weekday.ts";

/**
 * Our operators, shared verbatim by the compiled path and json-rules-engine (registered into
 * every Engine we build), so both paths agree by construction. They never throw on odd
 * input: a fact of the wrong type simply does not match.
 */
export interface CustomOperator {
  /** Builds the operator; only `dayOfWeekIn` reads params (`timeZone`). */
  create(params: Readonly<Record<string, unknown>> | undefined): OperatorFn;
  /** Checks a literal condition value at write time; a message when it is a mistake. */
  checkValue(value: unknown): string | null;
  /** Checks the condition's params at write time. */
  checkParams?(params: Readonly<Record<string, unknown>> | undefined): string | null;
}

/** Length guards for matchesRegex: bound the work a merchant's pattern can cause. */
export const MAX_PATTERN_LENGTH = 200;
export const MAX_SUBJECT_LENGTH = 2_000;

function lineItemsOf(factValue: unknown): unknown[] | null {
  if (Array.isArray(factValue)) return factValue;
  if (factValue !== null && typeof factValue === "object") {
    const items = (factValue as { lineItems?: unknown }).lineItems;
    return Array.isArray(items) ? items : null;
  }
  return null;
}

function sameId(actual: unknown, wanted: unknown): boolean {
  if (typeof actual !== "string") return false;
  return typeof wanted === "string" || typeof wanted === "number" ? actual === String(wanted) : false;
}

function lineItemHas(field: "sku" | "productId"): OperatorFn {
  return (factValue, value) => {
    const items = lineItemsOf(factValue);
    if (!items) return false;
    for (const item of items) {
      if (item === null || typeof item !== "object") continue;
      const actual = (item as Record<string, unknown>)[field];
      if (Array.isArray(value) ? value.some((wanted) => sameId(actual, wanted)) : sameId(actual, value))
        return true;
    }
    return false;
  };
}

// Shopify treats tags case-insensitively ("VIP" and "vip" are one tag in the admin).
function normalTag(tag: unknown): string | null {
  return typeof tag === "string" ? tag.trim().toLowerCase() : null;
}

const hasTag: OperatorFn = (factValue, value) => {
  const wanted = normalTag(value);
  if (wanted === null || !Array.isArray(factValue)) return false;
  for (const tag of factValue) if (normalTag(tag) === wanted) return true;
  return false;
};

const hasAnyTag: OperatorFn = (factValue, value) => {
  if (!Array.isArray(factValue) || !Array.isArray(value)) return false;
  const wanted = value.map(normalTag).filter((tag) => tag !== null);
  for (const tag of factValue) {
    const normal = normalTag(tag);
    if (normal !== null && wanted.includes(normal)) return true;
  }
  return false;
};

const startsWith: OperatorFn = (factValue, value) =>
  typeof factValue === "string" && typeof value === "string" && factValue.startsWith(value);

const regexCache = new Map<string, RegExp | null>();

function compiledPattern(pattern: string): RegExp | null {
  let regex = regexCache.get(pattern);
  if (regex === undefined) {
    try {
      regex = new RegExp(pattern, "u");
    } catch {
      regex = null;
    }
    if (regexCache.size >= 1_000) regexCache.clear();
    regexCache.set(pattern, regex);
  }
  return regex;
}

// A quantified group that itself contains a quantifier, e.g. (a+)+ : the classic
// catastrophic-backtracking shape. A heuristic, paired with the length guards.
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]/;

export function patternProblem(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return `pattern is longer than ${MAX_PATTERN_LENGTH} characters`;
  if (compiledPattern(pattern) === null) return "pattern is not a valid regular expression";
  if (NESTED_QUANTIFIER.test(pattern)) return "pattern nests quantifiers (may backtrack catastrophically)";
  return null;
}

const matchesRegex: OperatorFn = (factValue, value) => {
  if (typeof factValue !== "string" || typeof value !== "string") return false;
  if (value.length > MAX_PATTERN_LENGTH || factValue.length > MAX_SUBJECT_LENGTH) return false;
  return compiledPattern(value)?.test(factValue) ?? false;
};

const isString = (value: unknown): value is string => typeof value === "string";
const idOrIds = (value: unknown, ok: (v: unknown) => boolean) =>
  ok(value) || (Array.isArray(value) && value.length > 0 && value.every(ok));

function fixed(fn: OperatorFn, check: (value: unknown) => string | null): CustomOperator {
  return { create: () => fn, checkValue: check };
}

export const CUSTOM_OPERATORS: Readonly<Record<string, CustomOperator>> = {
  hasSku: fixed(lineItemHas("sku"), (v) =>
    idOrIds(v, isString) ? null : "expected a SKU or an array of SKUs",
  ),
  hasProduct: fixed(lineItemHas("productId"), (v) =>
    idOrIds(v, (x) => isString(x) || Number.isSafeInteger(x))
      ? null
      : "expected a product id or an array of them",
  ),
  hasTag: fixed(hasTag, (v) => (isString(v) ? null : "expected a tag (string)")),
  hasAnyTag: fixed(hasAnyTag, (v) =>
    Array.isArray(v) && v.every(isString) ? null : "expected an array of tags",
  ),
  dayOfWeekIn: {
    create: (params) => dayOfWeekIn(timeZoneParam(params)),
    checkParams: (params) => {
      const timeZone = params?.["timeZone"];
      const valid = timeZone === undefined || (typeof timeZone === "string" && isValidTimeZone(timeZone));
      return valid ? null : `${JSON.stringify(timeZone)} is not an IANA time zone`;
    },
    checkValue: (value) => {
      const days = Array.isArray(value) && value.every((d) => Number.isInteger(d) && d >= 1 && d <= 7);
      return days ? null : "expected an array of ISO weekdays (1 = Monday … 7 = Sunday)";
    },
  },
  startsWith: fixed(startsWith, (v) => (isString(v) ? null : "expected a string prefix")),
  matchesRegex: fixed(matchesRegex, (v) => (isString(v) ? patternProblem(v) : "expected a pattern (string)")),
};

export function timeZoneParam(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const timeZone = params?.["timeZone"];
  return typeof timeZone === "string" ? timeZone : undefined;
}
