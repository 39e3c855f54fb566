/** Lifecycle fields CONTRACT.md adds to the profile; absent on servers without points lifecycle. */
export interface LifecycleFields {
  pendingPoints?: number;
  expiringPoints?: Array<{ points: number; expiresAt: string }>;
}

export interface ProfileFigures {
  balance: number;
  lifetimePoints: number;
  tier: { name: string } | null;
  nextTier: { name: string; minPoints: number } | null;
  tierProgress: number;
}

/** Text lines of the profile card, in reading order. */
export function profileLines(profile: ProfileFigures & LifecycleFields): Array<[string, string]> {
  const lines: Array<[string, string]> = [
    ["Balance", `${profile.balance} points`],
    ["Lifetime points", String(profile.lifetimePoints)],
    ["Tier", profile.tier?.name ?? "none"],
  ];
  if (profile.nextTier) {
    lines.push([
      "Next tier",
      `${profile.nextTier.name} at ${profile.nextTier.minPoints} (${profile.tierProgress} % there)`,
    ]);
  }
  if (profile.pendingPoints !== undefined) lines.push(["Pending points", String(profile.pendingPoints)]);
  const soonest = profile.expiringPoints?.[0];
  if (soonest) lines.push(["Expiring next", `${soonest.points} on ${soonest.expiresAt.slice(0, 10)}`]);
  return lines;
}

export function formatDelta(delta: number): string {
  return delta > 0 ? `+${delta}` : String(delta);
}

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });
}
