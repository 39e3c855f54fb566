import { LoyaltyError } from "@loyalty/core";
import { isFactName } from "./facts.ts";
import { simplePathKeys } from "./json-path.ts";
import { mayThrow, type OperatorFn, resolveOperator } from "./operators.ts";

/** The facts as the compiled closures read them (Facts, seen as a plain record). */
export type FactSource = Readonly<Record<string, unknown>>;
export type ConditionTest = (facts: FactSource) => boolean;

export type CompiledConditions = { ok: true; test: ConditionTest } | { ok: false; reason: string };

/**
 * Compiles json-rules-engine conditions into synchronous closures with the engine's exact
 * semantics (proved by the differential test). Not covered — the rule is then evaluated by
 * json-rules-engine itself: shared-condition references (`{condition}`), condition-level
 * `priority`, JSONPath beyond `$.a.b[0]`, facts other than event/order/customer/shop, unknown
 * operators, and anything malformed (the engine produces the reference error).
 */
export function compileConditions(root: unknown): CompiledConditions {
  try {
    if (booleanKey(asRecord(root)) === null) throw notCompilable("a root that is not all/any/not");
    const strict = anyLeafMayThrow(root);
    return { ok: true, test: compileNode(root, strict) };
  } catch (error) {
    if (error instanceof LoyaltyError && error.code === "not_compilable")
      return { ok: false, reason: error.message };
    throw error;
  }
}

function notCompilable(reason: string): LoyaltyError {
  return new LoyaltyError("not_compilable", reason);
}

function asRecord(node: unknown): Record<string, unknown> {
  if (node === null || typeof node !== "object" || Array.isArray(node))
    throw notCompilable("a condition is not an object");
  const record = node as Record<string, unknown>;
  if (Object.hasOwn(record, "priority")) throw notCompilable("condition priorities");
  // json-rules-engine treats any node with `condition` as a reference, whatever else it holds.
  if (Object.hasOwn(record, "condition")) throw notCompilable("shared condition references");
  return record;
}

/** Boolean operators in json-rules-engine's precedence: any, then all, then not. */
function booleanKey(node: Record<string, unknown>): "any" | "all" | "not" | null {
  if (Object.hasOwn(node, "any")) return "any";
  if (Object.hasOwn(node, "all")) return "all";
  if (Object.hasOwn(node, "not")) return "not";
  return null;
}

function anyLeafMayThrow(node: unknown): boolean {
  const record = asRecord(node);
  const key = booleanKey(record);
  if (key === "not") return anyLeafMayThrow(record["not"]);
  if (key) {
    const children = record[key];
    return Array.isArray(children) && children.some(anyLeafMayThrow);
  }
  const { operator, value, params } = record;
  if (typeof operator !== "string") return true;
  return mayThrow(operator, value, isReference(value), asParams(params));
}

/**
 * `strict`: evaluate every child like json-rules-engine's Promise.all does, so a throwing leaf
 * fails the rule even where short-circuiting would have skipped it. Only rules with a leaf
 * that may throw pay for it.
 */
function compileNode(node: unknown, strict: boolean): ConditionTest {
  const record = asRecord(node);
  const key = booleanKey(record);
  if (key === "not") {
    if (Array.isArray(record["not"])) throw notCompilable('"not" holding an array');
    const child = compileNode(record["not"], strict);
    return (facts) => !child(facts);
  }
  if (key) {
    const children = record[key];
    if (!Array.isArray(children)) throw notCompilable(`"${key}" that is not an array`);
    const tests = children.map((child) => compileNode(child, strict));
    return key === "all" ? allOf(tests, strict) : anyOf(tests, strict);
  }
  return compileLeaf(record);
}

function allOf(tests: ConditionTest[], strict: boolean): ConditionTest {
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0] as ConditionTest;
  if (strict) {
    return (facts) => {
      let result = true;
      for (const test of tests) if (test(facts) !== true) result = false;
      return result;
    };
  }
  return (facts) => {
    for (const test of tests) if (test(facts) !== true) return false;
    return true;
  };
}

function anyOf(tests: ConditionTest[], strict: boolean): ConditionTest {
  // json-rules-engine: an empty "any" passes (prioritizeAndRun resolves true for no conditions).
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0] as ConditionTest;
  if (strict) {
    return (facts) => {
      let result = false;
      for (const test of tests) if (test(facts) === true) result = true;
      return result;
    };
  }
  return (facts) => {
    for (const test of tests) if (test(facts) === true) return true;
    return false;
  };
}

function compileLeaf(leaf: Record<string, unknown>): ConditionTest {
  const { fact, path, operator, value, params } = leaf;
  if (typeof operator !== "string" || !Object.hasOwn(leaf, "value"))
    throw notCompilable("a malformed condition");
  const op: OperatorFn | null = resolveOperator(operator, asParams(params));
  if (!op) throw notCompilable(`operator ${JSON.stringify(operator)}`);
  const left = factAccessor(fact, path);
  if (isReference(value)) {
    const right = factAccessor(value["fact"], value["path"]);
    return (facts) => op(left(facts), right(facts));
  }
  return (facts) => op(left(facts), value);
}

function isReference(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && Object.hasOwn(value, "fact");
}

function asParams(params: unknown): Readonly<Record<string, unknown>> | undefined {
  return params !== null && typeof params === "object" ? (params as Record<string, unknown>) : undefined;
}

type Accessor = (facts: FactSource) => unknown;

/**
 * A fact, then the path compiled into a property chain. Mirrors json-rules-engine + jsonpath-plus:
 * the path applies only when the fact is a non-null object; each step follows an own property
 * of a truthy value (so `$.tags.length` and string indexes work), else the result is undefined.
 */
function factAccessor(fact: unknown, path: unknown): Accessor {
  if (typeof fact !== "string" || !isFactName(fact)) throw notCompilable(`fact ${JSON.stringify(fact)}`);
  const read = readFact(fact);
  if (path === undefined || path === "") return read;
  if (typeof path !== "string") throw notCompilable("a path that is not a string");
  const keys = simplePathKeys(path);
  if (!keys) throw notCompilable(`JSONPath ${JSON.stringify(path)}`);
  if (keys.length === 0) return read;
  // "0" and 0 name the same property; the number takes V8's fast element path.
  const steps = keys.map((key) => (String(Number(key)) === key ? Number(key) : key));
  const [first = "", second = ""] = steps;
  const step = (value: object, key: PropertyKey): unknown =>
    Object.hasOwn(value, key) ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  const follow = (value: unknown, key: PropertyKey): unknown =>
    value && Object.hasOwn(value as object, key) ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  if (keys.length === 1) {
    return (facts) => {
      const value = read(facts);
      return value !== null && typeof value === "object" ? step(value, first) : value;
    };
  }
  if (keys.length === 2) {
    return (facts) => {
      const value = read(facts);
      if (value === null || typeof value !== "object") return value;
      return follow(step(value, first), second);
    };
  }
  return (facts) => {
    const value = read(facts);
    if (value === null || typeof value !== "object") return value;
    let current: unknown = value;
    for (const key of steps) {
      current = follow(current, key);
      if (current === undefined) return undefined;
    }
    return current;
  };
}

function readFact(fact: string): Accessor {
  switch (fact) {
    case "order":
      return (facts) => facts["order"];
    case "customer":
      return (facts) => facts["customer"];
    case "event":
      return (facts) => facts["event"];
    default:
      return (facts) => facts["shop"];
  }
}
