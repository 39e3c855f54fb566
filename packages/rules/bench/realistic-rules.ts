import type { OrderData } from "@loyalty/core";
import type { CustomerFacts, Facts } from "../src/evaluation.ts";
import { orderFacts } from "../src/facts.ts";
import type { RuleDefinitionInput, StoredRule } from "../src/schema.ts";
import { validateRules } from "../src/validate.ts";

/** Twenty rules of the kind merchants write, all fired by order.paid so both engines see all 20. */
const DEFINITIONS: RuleDefinitionInput[] = [
  rule(
    "First order bonus",
    10,
    {
      all: [
        cmp("order", "$.total", "greaterThanInclusive", 100),
        cmp("customer", "$.ordersCount", "equal", 1),
      ],
    },
    { type: "points", amount: 500 },
  ),
  rule("Base earn", 0, { all: [] }, { type: "points", rate: { points: 1, per: 1 }, base: "subtotal" }),
  rule(
    "VIP earn",
    5,
    { all: [cmp("customer", "$.tags", "hasTag", "VIP")] },
    { type: "points", rate: { points: 1, per: 1 }, base: "total" },
  ),
  rule(
    "Big spender",
    5,
    { all: [cmp("order", "$.total", "greaterThan", 500)] },
    { type: "points", amount: 1000 },
  ),
  rule(
    "Weekend",
    1,
    {
      all: [
        {
          fact: "event",
          path: "$.occurredAt",
          operator: "dayOfWeekIn",
          value: [6, 7],
          params: { timeZone: "America/New_York" },
        },
      ],
    },
    { type: "points", amount: 200 },
  ),
  rule(
    "Book promo",
    1,
    { all: [{ fact: "order", operator: "hasSku", value: "BOOK-001" }] },
    { type: "points", amount: 150 },
  ),
  rule(
    "Product promo",
    1,
    { all: [{ fact: "order", operator: "hasProduct", value: ["7001", "7002"] }] },
    { type: "points", amount: 100 },
  ),
  rule(
    "Online basket",
    1,
    {
      all: [
        cmp("order", "$.sourceName", "in", ["web", "shopify_draft_order"]),
        cmp("order", "$.itemCount", "greaterThanInclusive", 3),
      ],
    },
    { type: "points", amount: 50 },
  ),
  rule(
    "Code LOYAL10",
    1,
    { all: [cmp("order", "$.discountCodes", "contains", "LOYAL10")] },
    { type: "points", amount: 75 },
  ),
  rule(
    "Not in store",
    1,
    {
      all: [
        { not: cmp("order", "$.sourceName", "equal", "pos") },
        cmp("order", "$.subtotal", "greaterThanInclusive", 50),
      ],
    },
    { type: "points", amount: 25 },
  ),
  rule(
    "Gold",
    2,
    { all: [cmp("customer", "$.lifetimePoints", "greaterThanInclusive", 5000)] },
    { type: "tier", tier: "gold" },
  ),
  rule(
    "Special customer",
    2,
    { any: [cmp("customer", "$.tags", "hasAnyTag", ["wholesale", "staff"])] },
    { type: "webhook", event: "special.customer" },
  ),
  rule(
    "Gift card",
    1,
    { all: [cmp("order", "$.lineItems[0].sku", "startsWith", "GIFT-")] },
    { type: "points", amount: 30 },
  ),
  rule(
    "Regular",
    3,
    {
      all: [
        cmp("customer", "$.ordersCount", "greaterThan", 5),
        cmp("customer", "$.totalSpent", "greaterThanInclusive", 1000),
      ],
    },
    { type: "points", rate: { points: 2, per: 10 } },
  ),
  rule(
    "Small paid order",
    1,
    {
      all: [
        cmp("order", "$.financialStatus", "equal", "paid"),
        { any: [cmp("order", "$.total", "lessThan", 20), cmp("order", "$.itemCount", "equal", 1)] },
      ],
    },
    { type: "points", amount: 10 },
  ),
  rule(
    "Win back",
    1,
    {
      all: [
        cmp("customer", "$.balance", "lessThan", 100),
        cmp("customer", "$.ordersCount", "greaterThanInclusive", 2),
      ],
    },
    { type: "points", amount: 40 },
  ),
  rule(
    "Record order",
    1,
    { all: [cmp("order", "$.subtotal", "greaterThanInclusive", { fact: "customer", path: "$.totalSpent" })] },
    { type: "points", amount: 60 },
  ),
  rule(
    "Home currency",
    1,
    {
      all: [
        cmp("shop", "$.currency", "equal", "USD"),
        cmp("order", "$.currency", "equal", { fact: "shop", path: "$.currency" }),
      ],
    },
    { type: "points", amount: 5 },
  ),
  rule(
    "Birthday order",
    4,
    { all: [cmp("order", "$.tags", "hasTag", "birthday")] },
    { type: "points", amount: 250 },
  ),
  rule(
    "Bulk line",
    1,
    {
      all: [
        {
          not: {
            any: [cmp("customer", "$.tags", "contains", "blocked"), cmp("order", "$.total", "lessThan", 1)],
          },
        },
        cmp("order", "$.lineItems[1].quantity", "greaterThanInclusive", 2),
      ],
    },
    { type: "points", amount: 20 },
  ),
];

function cmp(fact: string, path: string, operator: string, value: unknown) {
  return { fact, path, operator, value };
}

function rule(
  name: string,
  priority: number,
  conditions: RuleDefinitionInput["conditions"],
  action: RuleDefinitionInput["actions"][number],
): RuleDefinitionInput {
  return { name, triggers: ["order.paid"], priority, conditions, actions: [action] };
}

/** `count` stored rules: the twenty above, repeated under new ids when more are asked for. */
export function realisticRules(count: number): StoredRule[] {
  const result = validateRules(DEFINITIONS, { knownTiers: ["silver", "gold"] });
  if (!result.ok) throw new Error(`benchmark rules are invalid: ${JSON.stringify(result.errors)}`);
  return Array.from({ length: count }, (_, i) => ({
    id: `rule-${String(i).padStart(3, "0")}`,
    version: 1,
    definition: result.rules[i % result.rules.length] as StoredRule["definition"],
  }));
}

const pick = <T>(i: number, items: readonly T[]): T => items[i % items.length] as T;

/** `count` varied order.paid facts (deterministic), so rules match on some and not others. */
export function realisticFacts(count: number): Facts[] {
  return Array.from({ length: count }, (_, i) => {
    const order: OrderData = {
      orderId: String(5_000_000 + i),
      name: `#${1000 + i}`,
      currency: "USD",
      totalMinor: pick(i, [1_505, 17_007, 55_000, 9_999, 120_050]),
      subtotalMinor: pick(i, [1_400, 15_050, 50_000, 9_000, 110_000]),
      lineItems: [
        {
          id: `li-${i}-1`,
          sku: pick(i, ["BOOK-001", "GIFT-25", "MUG-3", null]),
          productId: pick(i, ["7001", "8001", "7002"]),
          variantId: "v1",
          title: "Item",
          quantity: 1 + (i % 3),
          priceMinor: 1_525,
        },
        {
          id: `li-${i}-2`,
          sku: "TEE-M",
          productId: "9001",
          variantId: "v2",
          title: "Tee",
          quantity: 1 + (i % 4),
          priceMinor: 2_000,
        },
      ].slice(0, 1 + (i % 2)),
      discountCodes: pick(i, [[], ["LOYAL10"], ["SUMMER"]]),
      tags: pick(i, [[], ["birthday"], ["gift", "rush"]]),
      financialStatus: "paid",
      sourceName: pick(i, ["web", "pos", "shopify_draft_order", "web"]),
      createdAt: "2025-11-21T10:00:00Z",
      cancelledAt: null,
      customer: null,
    };
    const customer: CustomerFacts = {
      id: String(7_390_283_726_000 + i),
      balance: pick(i, [0, 50, 1_200, 80]),
      lifetimePoints: pick(i, [0, 900, 6_000, 12_000, 300]),
      ordersCount: pick(i, [1, 2, 7, 12, 3]),
      totalSpent: pick(i, [0, 150.5, 1_200, 4_800.25]),
      tier: pick(i, [null, "silver", "gold"]),
      tags: pick(i, [[], ["VIP"], ["wholesale"], ["vip", "staff"], ["blocked"]]),
    };
    return {
      event: {
        type: "order.paid",
        occurredAt: pick(i, ["2025-11-22T15:00:00Z", "2025-11-24T03:30:00Z", "2025-11-23T04:00:00Z"]),
      },
      order: orderFacts(order),
      customer,
      shop: { domain: "analytical-engines.myshopify.com", currency: "USD" },
    };
  });
}
