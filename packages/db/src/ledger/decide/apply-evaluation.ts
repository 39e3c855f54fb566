import { BOUNDS, LoyaltyError } from "@loyalty/core";
import type { DecidedAction, Evaluation, RuleRef } from "@loyalty/rules";
import { addPoints, type Draft } from "./draft.ts";
import { strongerGrant } from "./tiers.ts";
import type { CustomerState, OrderState } from "./types.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AwardTarget {
  customer: CustomerState;
  /** `order:<id>` or `event:<id>`: each rule fires at most once per key. */
  businessKey: string;
  /** The order the points belong to (clawback reconciles against it), if any. */
  order: OrderState | null;
  /** True: the points are held as the order's pending points (pending settings), not posted. */
  holds?: boolean;
}

/**
 * Applies the rules' decided actions. The points are already final (rate, floor and tier
 * multiplier are the rule engine's job); the ledger decides only whether a rule may still
 * fire for this business key, and books what it does.
 */
export function applyEvaluation(draft: Draft, evaluation: Evaluation, target: AwardTarget): number {
  const { customer, businessKey, order } = target;
  const byRule = new Map<string, { ref: RuleRef; actions: DecidedAction[] }>();
  for (const ref of evaluation.matched) byRule.set(ref.ruleId, { ref, actions: [] });
  for (const action of evaluation.actions) {
    const group = byRule.get(action.ruleId) ?? { ref: action, actions: [] };
    group.actions.push(action);
    byRule.set(action.ruleId, group);
  }
  let total = 0;
  const awarded: Array<{ ruleId: string; version: number; points: number }> = [];
  for (const { ref, actions } of byRule.values()) {
    assertRuleRef(ref);
    let points = 0;
    if (!draft.hasAward(businessKey, ref.ruleId)) {
      points = fire(draft, ref, actions, target, total);
      draft.awards.push({
        shop: draft.event.shop,
        businessKey,
        ruleId: ref.ruleId,
        ruleVersion: ref.version,
        orderId: order?.orderId ?? null,
        eventId: draft.event.id,
        points,
      });
      if (points > 0) awarded.push({ ruleId: ref.ruleId, version: ref.version, points });
    }
    draft.executions.push({
      eventId: draft.event.id,
      ruleId: ref.ruleId,
      shop: draft.event.shop,
      version: ref.version,
      points,
    });
    total = addPoints(total, points);
  }
  if (order && total > 0) order.earnedPoints = addPoints(order.earnedPoints, total);
  if (total > 0) {
    draft.emit("points.awarded", customer.customerId, null, {
      customerId: customer.customerId,
      orderId: order?.orderId ?? null,
      points: total,
      balance: customer.balance,
      lifetimePoints: customer.lifetimePoints,
      pendingPoints: customer.pendingPoints,
      pending: target.holds === true,
      rules: awarded,
    });
  }
  return total;
}

/**
 * What may still be booked: one event awards at most BOUNDS.maxPointsPerEvent, and a balance
 * or lifetime total never passes BOUNDS.maxPoints (the storefront GraphQL Int). Capping books
 * the event (it is applied, not dead-lettered) and every balance stays the sum of its ledger.
 */
function room(customer: AwardTarget["customer"], awardedThisEvent: number): number {
  return Math.max(
    0,
    Math.min(
      BOUNDS.maxPointsPerEvent - awardedThisEvent,
      BOUNDS.maxPoints - customer.balance,
      BOUNDS.maxPoints - customer.lifetimePoints,
    ),
  );
}

function fire(
  draft: Draft,
  ref: RuleRef,
  actions: DecidedAction[],
  target: AwardTarget,
  awardedBefore: number,
): number {
  const { customer, order } = target;
  let points = 0;
  for (const action of actions) {
    if (action.type === "points") {
      if (!Number.isSafeInteger(action.points) || action.points < 0) {
        throw new LoyaltyError("invalid_rule_action", `rule ${ref.ruleId} decided ${action.points} points`, [
          { ruleId: ref.ruleId, version: ref.version, points: action.points },
        ]);
      }
      const booked = Math.min(action.points, room(customer, awardedBefore + points));
      if (booked === 0) continue;
      if (target.holds && order) {
        holdPending(customer, order, booked);
        points = addPoints(points, booked);
        continue;
      }
      draft.post(customer, {
        delta: booked,
        kind: "earn",
        reason: action.reason,
        ruleId: ref.ruleId,
        ruleVersion: ref.version,
        orderId: order?.orderId ?? null,
      });
      points = addPoints(points, booked);
    } else if (action.type === "tier") {
      customer.grantedTier = strongerGrant(draft.shop().tiers, customer.grantedTier, action.tier);
    } else {
      draft.emit("custom", customer.customerId, null, {
        event: action.event,
        ruleId: ref.ruleId,
        ruleVersion: ref.version,
        customerId: customer.customerId,
        orderId: order?.orderId ?? null,
        data: action.payload,
      });
    }
  }
  return points;
}

/** Held points: counted as earned by the order, in nobody's balance until released. */
function holdPending(customer: CustomerState, order: OrderState, points: number): void {
  order.pendingPoints = addPoints(order.pendingPoints, points);
  customer.pendingPoints = addPoints(customer.pendingPoints, points);
}

function assertRuleRef(ref: RuleRef): void {
  // rule ids are the rules table's uuids; anything else would fail the whole batch's insert.
  if (!UUID.test(ref.ruleId) || !Number.isInteger(ref.version) || ref.version < 1) {
    throw new LoyaltyError(
      "invalid_rule_action",
      `rule reference ${ref.ruleId} v${ref.version} is not stored`,
      [{ ruleId: ref.ruleId, version: ref.version }],
    );
  }
}
