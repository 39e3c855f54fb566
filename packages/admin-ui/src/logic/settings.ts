import type { Settings } from "../api/contract-paths.ts";

/** The settings as sentences, for the read-only summary above the editor. */
export function settingsLines(settings: Settings): Array<[string, string]> {
  const pending =
    settings.pending.mode === "none"
      ? "Order points are spendable at once"
      : settings.pending.mode === "until_fulfilled"
        ? "Order points are pending until the order is fulfilled"
        : `Order points are pending for ${settings.pending.days} days after payment`;
  const expiry =
    settings.expiry.mode === "none"
      ? "Points never expire"
      : settings.expiry.mode === "fixed"
        ? `Each earning expires ${settings.expiry.days} days after it was earned`
        : `The balance expires after ${settings.expiry.days} days without activity`;
  const lines: Array<[string, string]> = [
    ["Pending points", pending],
    ["Expiry", expiry],
    ["Time zone", settings.timezone],
    ["Point value", `${settings.pointValue.points} points = ${settings.pointValue.amount} in shop currency`],
  ];
  if (settings.referrals) {
    lines.push([
      "Referrals",
      `${settings.referrals.referrerPoints} points per referral, at most ${settings.referrals.maxPerDay} a day`,
    ]);
  }
  return lines;
}
