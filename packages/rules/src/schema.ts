import { BOUNDS, EventType, Tier } from "@loyalty/core";
import { z } from "zod";

/**
 * The rule file of CONTRACT.md ("Rule file"). Objects are strict: an unknown key is almost
 * always a typo ("ammount", "trigger"), and silently ignoring it would award the wrong points.
 * This schema checks structure only; fact names, operators, JSONPath subset, date ranges and
 * tiers are checked by `validateRules`, which also reports every mistake with its JSON path.
 */

/** `{fact, path?, operator, value, params?}`; `value` may be a `{fact, path?}` reference. */
export interface LeafCondition {
  fact: string;
  path?: string | undefined;
  operator: string;
  value: unknown;
  params?: Record<string, unknown> | undefined;
}
export interface AllCondition {
  all: Condition[];
}
export interface AnyCondition {
  any: Condition[];
}
export interface NotCondition {
  not: Condition;
}
export type Condition = AllCondition | AnyCondition | NotCondition | LeafCondition;
/** json-rules-engine requires a boolean operator at the root. */
export type TopLevelCondition = AllCondition | AnyCondition | NotCondition;

export const LeafCondition: z.ZodType<LeafCondition> = z.strictObject({
  fact: z.string().min(1),
  path: z.string().optional(),
  operator: z.string().min(1),
  value: z.unknown(),
  params: z.record(z.string(), z.unknown()).optional(),
});
export const AllCondition: z.ZodType<AllCondition> = z.strictObject({
  get all() {
    return z.array(Condition);
  },
});
export const AnyCondition: z.ZodType<AnyCondition> = z.strictObject({
  get any() {
    return z.array(Condition);
  },
});
export const NotCondition: z.ZodType<NotCondition> = z.strictObject({
  get not() {
    return Condition;
  },
});
// Branch order matters: validate.ts picks the branch to report by these indexes.
export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([AllCondition, AnyCondition, NotCondition, LeafCondition]),
);
export const TopLevelCondition: z.ZodType<TopLevelCondition> = z.lazy(() =>
  z.union([AllCondition, AnyCondition, NotCondition]),
);

const Reason = z.string().min(1).max(200).optional();

/** A fixed number of points; never multiplied by the tier multiplier (CONTRACT.md). */
export const PointsAmountAction = z.strictObject({
  type: z.literal("points"),
  // One event awards at most BOUNDS.maxPointsPerEvent (the ledger caps the total at it too).
  amount: z.number().int().positive().max(BOUNDS.maxPointsPerEvent),
  reason: Reason,
});
export type PointsAmountAction = z.infer<typeof PointsAmountAction>;

/** `rate.points` per `rate.per` whole currency units of the base, floored, times the tier multiplier. */
export const PointsRateAction = z.strictObject({
  type: z.literal("points"),
  rate: z.strictObject({
    points: z.number().positive().max(BOUNDS.maxPointsPerEvent),
    per: z.number().positive(),
  }),
  base: z.enum(["subtotal", "total"]).default("subtotal"),
  tierMultiplier: z.boolean().default(true),
  reason: Reason,
});
export type PointsRateAction = z.infer<typeof PointsRateAction>;

/** Grants a tier (a key of the shop's tiers file). */
export const TierAction = z.strictObject({ type: z.literal("tier"), tier: Tier.shape.key });
export type TierAction = z.infer<typeof TierAction>;

/** Emits a custom event to the shop's webhook endpoints. */
export const WebhookAction = z.strictObject({
  type: z.literal("webhook"),
  event: z.string().min(1).max(120),
  payload: z.record(z.string(), z.unknown()).optional(),
});
export type WebhookAction = z.infer<typeof WebhookAction>;

// Branch order matters: validate.ts picks the branch to report by these indexes.
export const RuleAction = z.union([PointsAmountAction, PointsRateAction, TierAction, WebhookAction]);
export type RuleAction = z.infer<typeof RuleAction>;

export const RuleStatus = z.enum(["active", "paused"]);
export type RuleStatus = z.infer<typeof RuleStatus>;

const Instant = z.iso.datetime({ offset: true }).nullable().default(null);

export const RuleDefinition = z.strictObject({
  name: z.string().trim().min(1).max(200),
  triggers: z.array(EventType).min(1),
  /** Higher runs first (json-rules-engine's order); ties by rule id. */
  priority: z.number().int().default(0),
  /** Defaults to `{ "all": [] }`: a rule that applies to every event of its triggers. */
  conditions: TopLevelCondition.default({ all: [] }),
  actions: z.array(RuleAction).min(1),
  /** Campaign window: the rule applies when startsAt ≤ at < endsAt (null = open). */
  startsAt: Instant,
  endsAt: Instant,
  status: RuleStatus.default("active"),
});
export type RuleDefinition = z.infer<typeof RuleDefinition>;
/** What a merchant may write (defaults not yet applied). */
export type RuleDefinitionInput = z.input<typeof RuleDefinition>;

/** A rules file holds one rule or an array of rules. */
export const RuleFile = z.union([RuleDefinition, z.array(RuleDefinition)]);
export type RuleFile = z.infer<typeof RuleFile>;

/** A rule as stored: identity, the immutable version evaluated, and its definition. */
export const StoredRule = z.object({
  id: z.string().min(1),
  version: z.number().int().nonnegative(),
  definition: RuleDefinition,
});
export type StoredRule = z.infer<typeof StoredRule>;
