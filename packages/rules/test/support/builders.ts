import type { EventType } from "@loyalty/core";
import type { CustomerFacts, Facts, OrderFacts } from "../../src/evaluation.ts";
import type { RuleDefinition, RuleDefinitionInput, StoredRule } from "../../src/schema.ts";
import { RuleDefinition as RuleDefinitionSchema } from "../../src/schema.ts";

/** A stored rule from a partial definition (defaults applied by the schema, as on write). */
export function stored(id: string, definition: Partial<RuleDefinitionInput>, version = 1): StoredRule {
  const parsed: RuleDefinition = RuleDefinitionSchema.parse({
    name: id,
    triggers: ["order.paid"],
    actions: [{ type: "points", amount: 1 }],
    ...definition,
  });
  return { id, version, definition: parsed };
}

export function order(overrides: Partial<OrderFacts> = {}): OrderFacts {
  return {
    id: "820982911946154500",
    total: 170.07,
    subtotal: 150.5,
    totalMinor: 17007,
    subtotalMinor: 15050,
    currency: "USD",
    itemCount: 3,
    lineItems: [{ sku: "BOOK-001", productId: "7001", variantId: "v1", quantity: 2, price: 15.25 }],
    discountCodes: [],
    tags: [],
    financialStatus: "paid",
    sourceName: "web",
    ...overrides,
  };
}

export function customer(overrides: Partial<CustomerFacts> = {}): CustomerFacts {
  return {
    id: "7390283726001",
    balance: 0,
    lifetimePoints: 0,
    ordersCount: 1,
    totalSpent: 0,
    tier: null,
    tags: [],
    ...overrides,
  };
}

export function facts(
  overrides: {
    type?: EventType;
    occurredAt?: string;
    order?: OrderFacts | null;
    customer?: CustomerFacts | null;
  } = {},
): Facts {
  return {
    event: {
      type: overrides.type ?? "order.paid",
      occurredAt: overrides.occurredAt ?? "2025-11-21T10:00:00Z",
    },
    order: overrides.order === undefined ? order() : overrides.order,
    customer: overrides.customer === undefined ? customer() : overrides.customer,
    shop: { domain: "analytical-engines.myshopify.com", currency: "USD" },
  };
}

export const AT = new Date("2025-11-21T10:00:00Z");
export const CONTEXT = { at: AT, tierMultiplier: 1 };
