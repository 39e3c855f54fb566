import type { Facts } from "../../src/evaluation.ts";
import type { Condition, LeafCondition, StoredRule, TopLevelCondition } from "../../src/schema.ts";

/**
 * A seeded generator of random rules and facts for the differential test: nested all/any/not,
 * every built-in operator (plain and decorated) and ours, paths into objects, arrays and
 * strings, fact-to-fact references, and values of mixed types (null, strings that look like
 * numbers, arrays, objects) so the loose corners of json-rules-engine's semantics get hit.
 */
export type Random = () => number;

/** mulberry32: tiny, fast and good enough for test data. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const chance = (random: Random, p: number): boolean => random() < p;

const KEYS = ["a", "b", "c", "tags", "total", "items", "sku", "length"] as const;
const OBJECT_KEYS = [...KEYS, "0", "1"] as const;
const PRIMITIVES: readonly unknown[] = [
  0,
  1,
  -1,
  2.5,
  10,
  100,
  1e21,
  "0",
  "1",
  "10",
  "2.5abc",
  "abc",
  "a",
  "",
  "VIP",
  "vip",
  " 5 ",
  "2025-01-04T10:00:00Z",
  "2025-01-06T23:30:00-05:00",
  null,
  true,
  false,
];

export function randomValue(random: Random, depth: number): unknown {
  const roll = random();
  if (depth <= 0 || roll < 0.6) return pick(random, PRIMITIVES);
  if (roll < 0.8) {
    return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth - 1));
  }
  const object: Record<string, unknown> = {};
  const size = Math.floor(random() * 4);
  for (let i = 0; i < size; i++) object[pick(random, OBJECT_KEYS)] = randomValue(random, depth - 1);
  return object;
}

function randomObject(random: Random, depth: number): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const key of KEYS) if (chance(random, 0.6)) object[key] = randomValue(random, depth);
  return object;
}

/** Facts of the right names but arbitrary content (cast: the engine sees them as data). */
export function randomFacts(random: Random): Facts {
  const factValue = () => (chance(random, 0.8) ? randomObject(random, 2) : randomValue(random, 2));
  const facts = {
    event: { type: "order.paid", occurredAt: pick(random, PRIMITIVES), ...randomObject(random, 1) },
    order: factValue(),
    customer: factValue(),
    shop: factValue(),
  };
  return facts as unknown as Facts;
}

const FACTS = ["event", "order", "customer", "shop"] as const;
const BUILTINS = [
  "equal",
  "notEqual",
  "in",
  "notIn",
  "contains",
  "doesNotContain",
  "lessThan",
  "lessThanInclusive",
  "greaterThan",
  "greaterThanInclusive",
] as const;
const DECORATORS = ["someFact", "someValue", "everyFact", "everyValue", "swap", "not"] as const;
const CUSTOM = [
  "hasSku",
  "hasProduct",
  "hasTag",
  "hasAnyTag",
  "dayOfWeekIn",
  "startsWith",
  "matchesRegex",
] as const;
const PATTERNS = ["^a", "c$", "\\d+", "[", "a|V", "^$"] as const;

function randomPath(random: Random): string | undefined {
  if (chance(random, 0.25)) return undefined;
  if (chance(random, 0.05)) return "$";
  let path = "$";
  const steps = 1 + Math.floor(random() * 3);
  for (let i = 0; i < steps; i++) {
    path += chance(random, 0.2) ? `[${Math.floor(random() * 3)}]` : `.${pick(random, KEYS)}`;
  }
  return path;
}

function randomLeaf(random: Random): Condition {
  const fact = pick(random, FACTS);
  const path = randomPath(random);
  const roll = random();
  let operator: string;
  let value: unknown;
  let params: Record<string, unknown> | undefined;
  if (roll < 0.2) {
    operator = pick(random, CUSTOM);
    value = randomValue(random, 2);
    if (operator === "dayOfWeekIn") {
      value = Array.from({ length: 1 + Math.floor(random() * 3) }, () => 1 + Math.floor(random() * 7));
      if (chance(random, 0.4)) params = { timeZone: pick(random, ["Asia/Tokyo", "America/New_York", "UTC"]) };
    }
    if (operator === "matchesRegex" && chance(random, 0.7)) value = pick(random, PATTERNS);
  } else {
    operator = pick(random, BUILTINS);
    if (roll > 0.8) {
      const count = 1 + Math.floor(random() * 2);
      for (let i = 0; i < count; i++) operator = `${pick(random, DECORATORS)}:${operator}`;
    }
    value = randomValue(random, 2);
  }
  if (chance(random, 0.2)) {
    const refPath = randomPath(random);
    value =
      refPath === undefined ? { fact: pick(random, FACTS) } : { fact: pick(random, FACTS), path: refPath };
  }
  const leaf: LeafCondition = { fact, operator, value };
  if (path !== undefined) leaf.path = path;
  if (params) leaf.params = params;
  return leaf;
}

function randomCondition(random: Random, depth: number): Condition {
  if (depth <= 0 || chance(random, 0.45)) return randomLeaf(random);
  return randomGroup(random, depth);
}

function randomGroup(random: Random, depth: number): TopLevelCondition {
  const roll = random();
  if (roll < 0.15) return { not: randomCondition(random, depth - 1) };
  const children = Array.from({ length: Math.floor(random() * 4) }, () => randomCondition(random, depth - 1));
  return roll < 0.6 ? { all: children } : { any: children };
}

export function randomRule(random: Random, id: string): StoredRule {
  return {
    id,
    version: 1,
    definition: {
      name: id,
      triggers: ["order.paid"],
      priority: Math.floor(random() * 5) - 2,
      conditions: randomGroup(random, 3),
      actions: [{ type: "points", amount: 1 }],
      startsAt: null,
      endsAt: null,
      status: "active",
    },
  };
}
