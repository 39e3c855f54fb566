import { CUSTOM_OPERATORS, isValidTimeZone, type OperatorFn, timeZoneParam } from "./custom-operators.ts";

export type { OperatorFn } from "./custom-operators.ts";

/**
 * json-rules-engine 7.3's operators, rewritten as plain functions with its exact semantics
 * (dist/engine-default-operators.js): `validator(fact) && callback(fact, value)`. They are
 * deliberately as loose as the original — `in` finds substrings when the value is a string
 * and throws when it has no indexOf; numeric operators only check the fact side with
 * parseFloat — because json-rules-engine is the reference the compiler must agree with.
 */
interface Indexable {
  indexOf(searchElement: unknown): number;
}

function isNumeric(factValue: unknown): boolean {
  // For a number, parseFloat(String(n)) is NaN only when n is: skip the string round trip.
  if (typeof factValue === "number") return !Number.isNaN(factValue);
  return Number.parseFloat(factValue as string).toString() !== "NaN";
}

type Comparable = number;

export const BUILTIN_OPERATORS: Readonly<Record<string, OperatorFn>> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => (b as Indexable).indexOf(a) > -1,
  notIn: (a, b) => (b as Indexable).indexOf(a) === -1,
  contains: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  doesNotContain: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  lessThan: (a, b) => isNumeric(a) && (a as Comparable) < (b as Comparable),
  lessThanInclusive: (a, b) => isNumeric(a) && (a as Comparable) <= (b as Comparable),
  greaterThan: (a, b) => isNumeric(a) && (a as Comparable) > (b as Comparable),
  greaterThanInclusive: (a, b) => isNumeric(a) && (a as Comparable) >= (b as Comparable),
};

type Decorator = (next: OperatorFn) => OperatorFn;

/** json-rules-engine's operator decorators (`someFact:equal`, `not:in`, …), same semantics. */
export const OPERATOR_DECORATORS: Readonly<Record<string, Decorator>> = {
  someFact: (next) => (a, b) => Array.isArray(a) && a.some((fv) => next(fv, b)),
  someValue: (next) => (a, b) => (b as unknown[]).some((jv) => next(a, jv)),
  everyFact: (next) => (a, b) => Array.isArray(a) && a.every((fv) => next(fv, b)),
  everyValue: (next) => (a, b) => (b as unknown[]).every((jv) => next(a, jv)),
  swap: (next) => (a, b) => next(b, a),
  not: (next) => (a, b) => !next(a, b),
};

export const CUSTOM_OPERATOR_NAMES = Object.keys(CUSTOM_OPERATORS);

export interface ParsedOperator {
  /** Outermost first, as written: `not:someFact:equal` → ["not", "someFact"]. */
  decorators: string[];
  base: string;
}

/** Splits `deco:deco:base` the way json-rules-engine's OperatorMap.get does; null if unknown. */
export function parseOperator(name: string): ParsedOperator | null {
  const parts = name.split(":");
  const base = parts.pop() ?? "";
  if (!(Object.hasOwn(BUILTIN_OPERATORS, base) || Object.hasOwn(CUSTOM_OPERATORS, base))) return null;
  if (!parts.every((part) => Object.hasOwn(OPERATOR_DECORATORS, part))) return null;
  return { decorators: parts, base };
}

export function isKnownOperator(name: string): boolean {
  return parseOperator(name) !== null;
}

/** The callable for an operator name and a condition's params, or null when unknown. */
export function resolveOperator(
  name: string,
  params?: Readonly<Record<string, unknown>> | undefined,
): OperatorFn | null {
  const parsed = parseOperator(name);
  if (!parsed) return null;
  let fn = BUILTIN_OPERATORS[parsed.base] ?? CUSTOM_OPERATORS[parsed.base]?.create(params);
  if (!fn) return null;
  for (let i = parsed.decorators.length - 1; i >= 0; i--) {
    const decorate = OPERATOR_DECORATORS[parsed.decorators[i] ?? ""];
    if (!decorate) return null;
    fn = decorate(fn);
  }
  return fn;
}

/**
 * The name json-rules-engine knows this operator by. Its operators see only (fact, value),
 * so a `dayOfWeekIn` with `params.timeZone` becomes its own operator `dayOfWeekIn[Zone/City]`,
 * registered by the engine wiring.
 */
export function engineOperatorName(name: string, params?: Readonly<Record<string, unknown>>): string {
  const parsed = parseOperator(name);
  const timeZone = timeZoneParam(params);
  if (parsed?.base !== "dayOfWeekIn" || timeZone === undefined) return name;
  return [...parsed.decorators, `dayOfWeekIn[${timeZone}]`].join(":");
}

/** Operators whose json-rules-engine callback can throw on a value of the wrong shape. */
const THROWING = new Set(["in", "notIn", "someValue", "everyValue"]);

/**
 * Whether a leaf can throw at evaluation. json-rules-engine evaluates every leaf of a rule
 * (Promise.all, no short-circuit), so one throwing leaf fails the rule even when a sibling
 * already decided it; rules with such leaves are compiled without short-circuiting.
 */
export function mayThrow(
  name: string,
  value: unknown,
  valueIsReference: boolean,
  params?: Readonly<Record<string, unknown>>,
): boolean {
  const parsed = parseOperator(name);
  if (!parsed) return true;
  const timeZone = timeZoneParam(params);
  if (parsed.base === "dayOfWeekIn" && timeZone !== undefined && !isValidTimeZone(timeZone)) return true;
  const parts = [...parsed.decorators, parsed.base];
  if (!parts.some((part) => THROWING.has(part))) return false;
  const safeLiteral = !valueIsReference && (Array.isArray(value) || typeof value === "string");
  return !(parsed.decorators.length === 0 && safeLiteral);
}
