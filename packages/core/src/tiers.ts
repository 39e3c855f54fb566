import { z } from "zod";
import { BOUNDS } from "./bounds.ts";

/** A tier as merchants define it (tiers file / PUT /v1/tiers); threshold on lifetime points. */
export const Tier = z.object({
  key: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9_-]*$/, "lowercase letters, digits, - and _"),
  name: z.string().min(1).max(120),
  level: z.number().int().min(0),
  // Lifetime points never pass BOUNDS.maxPoints, so a higher threshold could never be reached.
  minPoints: z.number().int().min(0).max(BOUNDS.maxPoints),
  multiplier: z.number().positive().max(100).default(1),
});
export type Tier = z.infer<typeof Tier>;

export const TierList = z.array(Tier).superRefine((tiers, ctx) => {
  const seen = new Set<string>();
  tiers.forEach((tier, index) => {
    if (seen.has(tier.key))
      ctx.addIssue({ code: "custom", path: [index, "key"], message: `duplicate tier key "${tier.key}"` });
    seen.add(tier.key);
  });
});
export type TierList = z.infer<typeof TierList>;

/** The highest tier whose minPoints ≤ lifetimePoints (ties broken by level), or null. */
export function tierFor(tiers: readonly Tier[], lifetimePoints: number): Tier | null {
  let best: Tier | null = null;
  for (const tier of tiers) {
    if (tier.minPoints > lifetimePoints) continue;
    if (
      !best ||
      tier.minPoints > best.minPoints ||
      (tier.minPoints === best.minPoints && tier.level > best.level)
    ) {
      best = tier;
    }
  }
  return best;
}

/** The next tier above the current one, and progress 0..100 toward it (100 at the top). */
export function tierProgress(
  tiers: readonly Tier[],
  lifetimePoints: number,
): { next: Tier | null; progress: number } {
  const current = tierFor(tiers, lifetimePoints);
  const above = tiers
    .filter((tier) => tier.minPoints > lifetimePoints)
    .sort((a, b) => a.minPoints - b.minPoints)[0];
  if (!above) return { next: null, progress: 100 };
  const floor = current?.minPoints ?? 0;
  const span = above.minPoints - floor;
  const progress = span <= 0 ? 0 : Math.floor(((Math.max(lifetimePoints, floor) - floor) * 100) / span);
  return { next: above, progress: Math.max(0, Math.min(100, progress)) };
}
