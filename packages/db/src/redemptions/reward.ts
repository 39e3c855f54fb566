import { z } from "zod";
import { rewardKind } from "../schema/rewards.ts";

/** Shopify's discount classes a code may combine with (its `combinesWith`). */
export const CombinesWith = z.object({
  orderDiscounts: z.boolean().default(false),
  productDiscounts: z.boolean().default(false),
  shippingDiscounts: z.boolean().default(false),
});
export type CombinesWith = z.infer<typeof CombinesWith>;

/**
 * One reward as merchants define it (CONTRACT.md rewards file, `POST /v1/rewards`,
 * `loyalty rewards import`). `value` is in the shop currency for fixed_discount and
 * store_credit, a percent (1–100) for percent_discount, and the highest shipping price
 * covered for free_shipping (null or absent: any).
 */
export const RewardDefinition = z
  .object({
    key: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[a-z0-9][a-z0-9_-]*$/, "lowercase letters, digits, - and _"),
    name: z.string().trim().min(1).max(120),
    costPoints: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    kind: z.enum(rewardKind.enumValues),
    value: z.number().nonnegative().max(1_000_000_000).nullable().default(null),
    /** Days a code stays valid after it is issued; absent: no end. */
    expiresInDays: z.number().int().positive().max(3650).nullable().default(null),
    /** Order subtotal in shop currency the code needs; absent: none. */
    minimumSubtotal: z.number().positive().max(1_000_000_000).nullable().default(null),
    combinesWith: CombinesWith.nullable().default(null),
    active: z.boolean().default(true),
  })
  .superRefine((reward, ctx) => {
    const value = reward.value;
    if (reward.kind === "percent_discount" && (value === null || value < 1 || value > 100)) {
      ctx.addIssue({ code: "custom", path: ["value"], message: "a percent discount must be ≥ 1 and ≤ 100" });
    }
    if (
      (reward.kind === "fixed_discount" || reward.kind === "store_credit") &&
      (value === null || value <= 0)
    ) {
      ctx.addIssue({ code: "custom", path: ["value"], message: `a ${reward.kind} reward needs a value > 0` });
    }
    if (reward.kind === "store_credit" && (reward.minimumSubtotal !== null || reward.combinesWith !== null)) {
      ctx.addIssue({
        code: "custom",
        path: [reward.minimumSubtotal !== null ? "minimumSubtotal" : "combinesWith"],
        message: "store credit is not a discount code: minimumSubtotal and combinesWith do not apply",
      });
    }
  });
export type RewardDefinition = z.infer<typeof RewardDefinition>;

const RewardArray = z
  .array(RewardDefinition)
  .max(1000)
  .superRefine((rewards, ctx) => {
    const seen = new Set<string>();
    rewards.forEach((reward, index) => {
      if (seen.has(reward.key))
        ctx.addIssue({
          code: "custom",
          path: [index, "key"],
          message: `duplicate reward key "${reward.key}"`,
        });
      seen.add(reward.key);
    });
  });

/** The rewards file (and `POST /v1/rewards` body) as documentation: one reward or an array. */
export const RewardFile = z.union([RewardDefinition, z.array(RewardDefinition)]);

/**
 * Validates a rewards file. Branching on the shape first (rather than a zod union) keeps the
 * errors pointed at the mistake — `$.value`, `$[2].key` — instead of one "no union member
 * matched". @throws z.ZodError
 */
export function parseRewardFile(input: unknown): RewardDefinition[] {
  return Array.isArray(input) ? RewardArray.parse(input) : [RewardDefinition.parse(input)];
}

/** A stored reward (what `GET /v1/rewards` lists). */
export interface Reward {
  key: string;
  name: string;
  costPoints: number;
  kind: RewardDefinition["kind"];
  value: number | null;
  expiresInDays: number | null;
  minimumSubtotal: number | null;
  combinesWith: CombinesWith | null;
  active: boolean;
}
