/**
 * The seam between the rule engine (this package) and the ledger (@loyalty/db) and
 * simulate (@loyalty/query): facts in, decided actions out. Pure data, no I/O.
 * Implementations live beside this file; these shapes are what other packages rely on.
 */
import type { EventType } from "@loyalty/core";

/** `order` fact: money as decimal numbers of the shop currency (exact minor units kept beside). */
export interface OrderFacts {
  id: string;
  total: number;
  subtotal: number;
  totalMinor: number;
  subtotalMinor: number;
  currency: string;
  itemCount: number;
  lineItems: Array<{
    sku: string | null;
    productId: string | null;
    variantId: string | null;
    quantity: number;
    price: number;
  }>;
  discountCodes: string[];
  tags: string[];
  financialStatus: string | null;
  sourceName: string | null;
}

/** `customer` fact, as it stands before this event's points. */
export interface CustomerFacts {
  id: string;
  balance: number;
  lifetimePoints: number;
  /** Distinct orders seen for this customer, this one included. */
  ordersCount: number;
  totalSpent: number;
  tier: string | null;
  tags: string[];
}

export interface ShopFacts {
  domain: string;
  currency: string;
}

export interface EventFacts {
  type: EventType;
  occurredAt: string;
}

export interface Facts {
  event: EventFacts;
  order: OrderFacts | null;
  customer: CustomerFacts | null;
  shop: ShopFacts;
}

/** A rule as the engine sees it: the stored definition plus identity and version. */
export interface RuleRef {
  ruleId: string;
  name: string;
  version: number;
}

export type DecidedAction =
  | (RuleRef & { type: "points"; points: number; reason: string })
  | (RuleRef & { type: "tier"; tier: string })
  | (RuleRef & { type: "webhook"; event: string; payload: Record<string, unknown> });

export interface EvaluationContext {
  /** Evaluation time, for campaign windows (startsAt/endsAt). */
  at: Date;
  /** The customer's tier multiplier before this event's points (1 without a tier). */
  tierMultiplier: number;
}

export interface Evaluation {
  matched: RuleRef[];
  actions: DecidedAction[];
  /** Sum of the points actions. */
  points: number;
}
