import type { EventEnvelope } from "@loyalty/core";
import {
  applyEventBatch,
  importRules,
  loadActiveRules,
  RewardDefinition,
  replaceTiers,
  upsertRewards,
} from "@loyalty/db";
import { compileRuleSet, evaluate, RuleDefinition } from "@loyalty/rules";
import { normaliseWebhook, signAppProxyQuery } from "@loyalty/shopify";
import { readShopifyFixture } from "@loyalty/testing";
import { storefrontRoutes } from "../../src/routes/storefront/index.ts";
import { buildQueryTestApp, type QueryTestApp, SECRET, SHOP } from "../rules/query-test-app.ts";
import { FIRST_ORDER_BONUS, POINT_PER_DOLLAR, SAMPLE_TIERS } from "../rules/rule-samples.ts";

export const NOW = new Date("2026-11-21T12:00:00Z");
export const ADA = "7390283726001";
export const BOB = "7390283726099";
export const NEWCOMER = "7390283726777";

export const REWARDS = [
  { key: "5-off", name: "$5 off", costPoints: 500, kind: "fixed_discount" as const, value: 5, active: true },
  {
    key: "free-ship",
    name: "Free shipping",
    costPoints: 300,
    kind: "free_shipping" as const,
    value: 0,
    active: true,
  },
  {
    key: "retired",
    name: "Old reward",
    costPoints: 100,
    kind: "fixed_discount" as const,
    value: 1,
    active: false,
  },
  {
    key: "big",
    name: "$100 off",
    costPoints: 10_000,
    kind: "fixed_discount" as const,
    value: 100,
    active: true,
  },
];

/**
 * The storefront plugin over a shop where Ada and Bob each paid one order (650 points:
 * first-order bonus + 1 point per dollar, silver tier), processed by the real ledger.
 */
export async function buildStorefront(label: string): Promise<QueryTestApp> {
  const t = await buildQueryTestApp(label, { root: storefrontRoutes, now: () => NOW });
  await importRules(t.deps.sql, SHOP, [
    RuleDefinition.parse(FIRST_ORDER_BONUS),
    RuleDefinition.parse(POINT_PER_DOLLAR),
  ]);
  await replaceTiers(t.deps.sql, SHOP, SAMPLE_TIERS);
  await upsertRewards(
    t.deps.sql,
    SHOP,
    REWARDS.map((r) => RewardDefinition.parse(r)),
  );
  const active = await loadActiveRules(t.deps.sql, SHOP);
  const set = compileRuleSet(
    active.rules.map((rule) => ({
      id: rule.id,
      version: rule.version,
      definition: RuleDefinition.parse(rule.definition),
    })),
  );
  await applyEventBatch(t.deps.sql, [paidOrder(ADA, "8000000000001"), paidOrder(BOB, "8000000000002")], {
    evaluateRules: (_shop, facts, context) => evaluate(set, facts, context),
    now: () => NOW,
  });
  return t;
}

function paidOrder(customerId: string, orderId: string): EventEnvelope {
  const text = readShopifyFixture("orders-paid")
    .toString("utf8")
    .split("5810273619001")
    .join(orderId)
    .split(ADA)
    .join(customerId);
  const result = normaliseWebhook({
    topic: "orders/paid",
    shop: SHOP,
    webhookId: `wh-${orderId}`,
    requestId: "fixture",
    receivedAt: NOW,
    payload: JSON.parse(text),
  });
  if (result.status !== "ok") throw new Error(`fixture did not normalise: ${result.status}`);
  return result.envelope;
}

export interface ProxyOptions {
  customer?: string | null;
  shop?: string;
  secret?: string;
  /** Unix seconds; default NOW. */
  timestamp?: number;
  extra?: Record<string, string>;
}

/** A path with the query Shopify's App Proxy would add and sign. */
export function proxied(path: string, options: ProxyOptions = {}): string {
  const params: Record<string, string> = {
    shop: options.shop ?? SHOP,
    logged_in_customer_id: options.customer === undefined ? ADA : (options.customer ?? ""),
    path_prefix: "/apps/loyalty",
    timestamp: String(options.timestamp ?? Math.floor(NOW.getTime() / 1000)),
    ...options.extra,
  };
  const signature = signAppProxyQuery(params, options.secret ?? SECRET);
  return `${path}?${new URLSearchParams({ ...params, signature }).toString()}`;
}

export async function graphql(
  t: QueryTestApp,
  query: string,
  options: ProxyOptions & { variables?: Record<string, unknown> } = {},
) {
  const response = await t.app.inject({
    method: "POST",
    url: proxied("/graphql", options),
    payload: { query, variables: options.variables ?? {} },
  });
  return { statusCode: response.statusCode, body: response.json() };
}

export const PROFILE_QUERY = `{
  loyaltyProfile {
    customerId balance lifetimePoints pendingPoints tierProgress
    expiringPoints { points expiresAt }
    tier { key name level }
    nextTier { key name minPoints }
    transactions(limit: 5) { id delta kind reason orderId createdAt }
  }
}`;

export const REDEEM_MUTATION = `mutation Redeem($input: RedeemRewardInput!) {
  redeemReward(input: $input) { redemptionId status pointsDeducted balance code }
}`;
