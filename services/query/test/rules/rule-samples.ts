/** CONTRACT.md's sample rule and a 1-point-per-dollar rate rule (as in tests/e2e). */
export const FIRST_ORDER_BONUS = {
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
};

export const POINT_PER_DOLLAR = {
  name: "1 point per dollar",
  triggers: ["order.paid"],
  actions: [{ type: "points", rate: { points: 1, per: 1 }, base: "subtotal" }],
};

export const SAMPLE_TIERS = [
  { key: "bronze", name: "Bronze", level: 0, minPoints: 0, multiplier: 1 },
  { key: "silver", name: "Silver", level: 1, minPoints: 600, multiplier: 1.5 },
];
