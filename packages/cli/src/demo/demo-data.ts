/** The demo shop: the one the shared Shopify fixtures belong to. */
export const DEMO_SHOP = "analytical-engines.myshopify.com";
/** The customer of orders-create/orders-paid/refunds-create-partial. */
export const DEMO_CUSTOMER = "7390283726001";

/** CONTRACT.md's sample rule, plus 1 point per whole dollar of subtotal. */
export const DEMO_RULES = [
  {
    name: "First order bonus",
    triggers: ["order.paid"],
    priority: 10,
    conditions: {
      all: [
        { fact: "order", path: "$.total", operator: "greaterThanInclusive", value: 100 },
        { fact: "customer", path: "$.ordersCount", operator: "equal", value: 1 },
      ],
    },
    actions: [{ type: "points", amount: 500, reason: "First order bonus" }],
    startsAt: null,
    endsAt: null,
  },
  {
    name: "1 point per dollar",
    triggers: ["order.paid"],
    priority: 0,
    conditions: { all: [] },
    actions: [
      { type: "points", rate: { points: 1, per: 1 }, base: "subtotal", reason: "1 point per dollar" },
    ],
  },
];

export const DEMO_TIERS = [
  { key: "bronze", name: "Bronze", level: 0, minPoints: 0, multiplier: 1 },
  { key: "silver", name: "Silver", level: 1, minPoints: 500, multiplier: 1.25 },
  { key: "gold", name: "Gold", level: 2, minPoints: 2000, multiplier: 1.5 },
];

export const DEMO_REWARDS = [
  { key: "5-off", name: "$5 off", costPoints: 500, kind: "fixed_discount", value: 5 },
];

/**
 * What the demo posts, in Shopify's usual order. Left out: the cancellation (it would take
 * every point back), the JPY order (another currency than the shop's), GDPR redactions and
 * app/uninstalled (they erase what the demo wants to show).
 */
export const DEMO_WEBHOOKS = [
  { file: "customers-create.json", topic: "customers/create" },
  { file: "orders-create.json", topic: "orders/create" },
  { file: "orders-paid.json", topic: "orders/paid" },
  { file: "orders-create-guest.json", topic: "orders/create" },
  { file: "refunds-create-partial.json", topic: "refunds/create" },
] as const;
