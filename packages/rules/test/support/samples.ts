/** The rule file example of CONTRACT.md, verbatim. */
export const CONTRACT_SAMPLE = {
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
