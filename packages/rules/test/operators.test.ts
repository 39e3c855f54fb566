import { Engine } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import { CUSTOM_OPERATORS, zonedWeekday } from "../src/custom-operators.ts";
import { BUILTIN_OPERATORS, isKnownOperator, resolveOperator } from "../src/operators.ts";

function op(name: string, params?: Record<string, unknown>) {
  const fn = resolveOperator(name, params);
  if (!fn) throw new Error(`unknown operator ${name}`);
  return fn;
}

/** What a plain json-rules-engine Engine says for `fact <operator> value`: true, false or "throws". */
async function engineSays(operator: string, fact: unknown, value: unknown): Promise<boolean | "throws"> {
  const engine = new Engine([
    { conditions: { all: [{ fact: "x", operator, value }] }, event: { type: "hit" } },
  ]);
  try {
    return (await engine.run({ x: fact })).results.length > 0;
  } catch {
    return "throws";
  }
}

function oursSays(operator: string, fact: unknown, value: unknown): boolean | "throws" {
  try {
    return op(operator)(fact, value);
  } catch {
    return "throws";
  }
}

const GRID: unknown[] = [
  0,
  1,
  -2.5,
  10,
  "10",
  "1e3",
  "abc",
  "b",
  "",
  " ",
  null,
  true,
  false,
  [],
  [1, "b"],
  ["abc"],
  { a: 1 },
];

describe("json-rules-engine's built-in operators", () => {
  it("give the engine's answer (or throw where it throws) for every pair of a mixed-type grid", async () => {
    const differences: unknown[] = [];
    const names = [
      ...Object.keys(BUILTIN_OPERATORS),
      "someFact:equal",
      "someValue:in",
      "everyFact:greaterThan",
      "everyValue:notEqual",
      "swap:contains",
      "not:lessThanInclusive",
    ];
    for (const name of names) {
      for (const fact of GRID) {
        for (const value of GRID) {
          const expected = await engineSays(name, fact, value);
          // json-rules-engine clones a rule's literals per run: never the fact's own object.
          const actual = oursSays(name, fact, structuredClone(value));
          if (actual !== expected) differences.push({ name, fact, value, expected, actual });
        }
      }
    }
    expect(differences).toEqual([]);
  });

  it("keep the engine's loose corners: substring `in`, string-number comparisons, throwing on a bad `in` value", () => {
    expect(op("in")("ab", "cabd")).toBe(true);
    expect(op("in")(1, [1, 2])).toBe(true);
    expect(op("in")("1", [1, 2])).toBe(false);
    expect(() => op("in")(1, 5)).toThrow(TypeError);
    expect(op("greaterThan")("10", 9)).toBe(true);
    expect(op("greaterThan")("abc", 1)).toBe(false);
    expect(op("lessThan")(null, 1)).toBe(false);
    expect(op("contains")("abc", "a")).toBe(false);
    expect(op("contains")(["a"], "a")).toBe(true);
    expect(op("equal")(1, "1")).toBe(false);
  });

  it("know decorated names only when every decorator and the base exist", () => {
    expect(isKnownOperator("not:someFact:equal")).toBe(true);
    expect(isKnownOperator("hasTag")).toBe(true);
    expect(isKnownOperator("someFact")).toBe(false);
    expect(isKnownOperator("equal:someFact")).toBe(false);
    expect(isKnownOperator(":equal")).toBe(false);
    expect(isKnownOperator("toString")).toBe(false);
  });
});

describe("our operators", () => {
  const order = {
    lineItems: [
      { sku: "BOOK-001", productId: "7001", quantity: 1 },
      { sku: null, productId: "7002", quantity: 2 },
    ],
  };

  it("hasSku finds a SKU (or any of several) in the order's line items", () => {
    expect(op("hasSku")(order, "BOOK-001")).toBe(true);
    expect(op("hasSku")(order.lineItems, ["X", "BOOK-001"])).toBe(true);
    expect(op("hasSku")(order, "book-001")).toBe(false);
    expect(op("hasSku")({ lineItems: "BOOK-001" }, "BOOK-001")).toBe(false);
    expect(op("hasSku")(null, "BOOK-001")).toBe(false);
  });

  it("hasProduct finds a product id, written as a string or a number", () => {
    expect(op("hasProduct")(order, "7002")).toBe(true);
    expect(op("hasProduct")(order, 7001)).toBe(true);
    expect(op("hasProduct")(order, ["1", "2"])).toBe(false);
  });

  it("hasTag and hasAnyTag match tags the way Shopify does, ignoring case and spaces", () => {
    expect(op("hasTag")(["VIP", "gift"], "vip")).toBe(true);
    expect(op("hasTag")([" vip "], "VIP")).toBe(true);
    expect(op("hasTag")(["vip"], "gold")).toBe(false);
    expect(op("hasTag")("vip", "vip")).toBe(false);
    expect(op("hasAnyTag")(["a", "Staff"], ["wholesale", "staff"])).toBe(true);
    expect(op("hasAnyTag")(["a"], ["b"])).toBe(false);
    expect(op("hasAnyTag")(["a"], "a")).toBe(false);
  });

  it("dayOfWeekIn reads the ISO weekday in UTC, or in params.timeZone", () => {
    // Saturday 2025-11-22 03:00 UTC is still Friday evening in New York.
    const instant = "2025-11-22T03:00:00Z";
    expect(op("dayOfWeekIn")(instant, [6])).toBe(true);
    expect(op("dayOfWeekIn", { timeZone: "America/New_York" })(instant, [6])).toBe(false);
    expect(op("dayOfWeekIn", { timeZone: "America/New_York" })(instant, [5])).toBe(true);
    expect(op("dayOfWeekIn")({ occurredAt: "2025-11-23T12:00:00Z" }, [7])).toBe(true);
    expect(op("dayOfWeekIn")("not a date", [1, 2, 3, 4, 5, 6, 7])).toBe(false);
    expect(op("dayOfWeekIn")(instant, 6)).toBe(false);
  });

  it("dayOfWeekIn's cached zone weekday equals Intl's answer across DST switches and odd offsets", () => {
    const zones = [
      "America/New_York",
      "Europe/London",
      "Asia/Kathmandu",
      "Australia/Lord_Howe",
      "America/St_Johns",
      "Pacific/Chatham",
    ];
    const names: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
    const start = Date.UTC(2025, 0, 1);
    const differences: unknown[] = [];
    for (const timeZone of zones) {
      const format = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short" });
      const weekday = zonedWeekday(timeZone);
      // Every 7 minutes for a year: crosses every midnight and DST switch at many offsets.
      for (let ms = start; ms < start + 366 * 86_400_000; ms += 7 * 60_000 + 13_000) {
        if (weekday(ms) !== names[format.format(ms)])
          differences.push({ timeZone, at: new Date(ms).toISOString() });
      }
    }
    expect(differences.slice(0, 5)).toEqual([]);
  });

  it("startsWith and matchesRegex compare strings only, with length guards on patterns and input", () => {
    expect(op("startsWith")("GIFT-25", "GIFT-")).toBe(true);
    expect(op("startsWith")(25, "2")).toBe(false);
    expect(op("matchesRegex")("ORDER-123", "^ORDER-\\d+$")).toBe(true);
    expect(op("matchesRegex")("ORDER-12a", "^ORDER-\\d+$")).toBe(false);
    expect(op("matchesRegex")("abc", "[")).toBe(false);
    expect(op("matchesRegex")("a".repeat(2_001), "a")).toBe(false);
    expect(op("matchesRegex")("a", `${"a|".repeat(100)}a`)).toBe(false); // 201-character pattern
  });

  it("are registered into json-rules-engine with the same functions, time zones included", async () => {
    const cases: Array<[string, unknown, unknown, Record<string, unknown>?]> = [
      ["hasSku", order, "BOOK-001"],
      ["hasProduct", order, 1],
      ["hasTag", ["VIP"], "vip"],
      ["hasAnyTag", ["VIP"], ["x", "vip"]],
      ["dayOfWeekIn", "2025-11-22T03:00:00Z", [5], { timeZone: "America/New_York" }],
      ["startsWith", "GIFT-1", "GIFT"],
      ["matchesRegex", "A1", "^[A-Z]\\d$"],
    ];
    const { createReferenceEngine } = await import("../src/engine.ts");
    for (const [operator, fact, value, params] of cases) {
      const leaf = params ? { fact: "order", operator, value, params } : { fact: "order", operator, value };
      const engine = createReferenceEngine([
        {
          id: operator,
          version: 1,
          definition: {
            name: operator,
            triggers: ["order.paid"],
            priority: 0,
            conditions: { all: [leaf] },
            actions: [{ type: "points", amount: 1 }],
            startsAt: null,
            endsAt: null,
            status: "active",
          },
        },
      ]);
      const { results } = await engine.run({ order: fact, event: {}, customer: null, shop: {} });
      expect([operator, results.length]).toEqual([operator, op(operator, params)(fact, value) ? 1 : 0]);
      expect(results.length).toBe(operator === "hasProduct" ? 0 : 1);
    }
    expect(Object.keys(CUSTOM_OPERATORS)).toHaveLength(cases.length);
  });
});
