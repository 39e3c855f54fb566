import { type Tier, tierFor } from "@loyalty/core";

/**
 * The tier a customer holds: core's tierFor on lifetime points, raised to the granted tier
 * when a rule granted a higher level. A granted key the shop no longer has is ignored.
 * verify.ts states the same in SQL; keep the two in step.
 */
export function effectiveTier(
  tiers: readonly Tier[],
  lifetimePoints: number,
  grantedTier: string | null,
): Tier | null {
  const computed = tierFor(tiers, lifetimePoints);
  const granted = grantedTier === null ? undefined : tiers.find((tier) => tier.key === grantedTier);
  if (granted && (!computed || granted.level > computed.level)) return granted;
  return computed;
}

/** The multiplier of the customer's current tier (1 without one): rate actions use it. */
export function tierMultiplier(tiers: readonly Tier[], tierKey: string | null): number {
  if (tierKey === null) return 1;
  return tiers.find((tier) => tier.key === tierKey)?.multiplier ?? 1;
}

/**
 * A new grant replaces the current one only when it is at least as high: a rule granting
 * "silver" on every order must not undo a "gold" granted by a campaign. Unknown keys rank lowest.
 */
export function strongerGrant(tiers: readonly Tier[], current: string | null, granted: string): string {
  if (current === null) return granted;
  const level = (key: string) => tiers.find((tier) => tier.key === key)?.level ?? -1;
  return level(granted) >= level(current) ? granted : current;
}
