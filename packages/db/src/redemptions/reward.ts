import { z } from "zod";
import { rewardKind } from "../schema/rewards.ts";

/**
 * One reward as merchants define it (CONTRACT.md rewards file, `POST /v1/rewards`,
 * `loyalty rewards import`). `value` is in the shop currency for fixed_discount, a percent
 * for percent_discount, and ignored for free_shipping.
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
    value: z.number().nonnegative().max(1_000_000_000).default(0),
    active: z.boolean().default(true),
  })
  .superRefine((reward, ctx) => {
    if (reward.kind === "percent_discount" && (reward.value <= 0 || reward.value > 100)) {
      ctx.addIssue({ code: "custom", path: ["value"], message: "a percent discount must be > 0 and ≤ 100" });
    }
    if (reward.kind === "fixed_discount" && reward.value <= 0) {
      ctx.addIssue({ code: "custom", path: ["value"], message: "a fixed discount must be > 0" });
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
  value: number;
  active: boolean;
}
