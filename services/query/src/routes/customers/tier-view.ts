import { type Tier, tierFor, tierProgress } from "@loyalty/core";

export interface TierView {
  tier: { key: string; name: string; level: number } | null;
  nextTier: { key: string; name: string; minPoints: number } | null;
  tierProgress: number;
}

/**
 * The tier block of a balance answer. The current tier is the stored one (it already honours
 * a tier granted by a rule); next tier and progress come from core's tierProgress on lifetime
 * points. When a grant lifted the customer above what their points give, "next" is the first
 * tier ranked above the granted one, with progress counted from zero points.
 */
export function tierView(tiers: readonly Tier[], lifetimePoints: number, storedKey: string | null): TierView {
  const earned = tierFor(tiers, lifetimePoints);
  const current = tiers.find((t) => t.key === storedKey) ?? earned;
  const granted = current !== null && earned?.key !== current.key;
  const { next, progress } = granted
    ? tierProgress(
        tiers.filter((t) => t.level > current.level),
        lifetimePoints,
      )
    : tierProgress(tiers, lifetimePoints);
  return {
    tier: current ? { key: current.key, name: current.name, level: current.level } : null,
    nextTier: next ? { key: next.key, name: next.name, minPoints: next.minPoints } : null,
    tierProgress: progress,
  };
}
