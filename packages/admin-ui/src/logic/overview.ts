import type { AnalyticsSummary, ExpiringWeek } from "../api/contract-paths.ts";

/** polaris-viz's series shape, without importing the library into pure code. */
export interface Series {
  name: string;
  data: Array<{ key: string; value: number }>;
}

/** One bar per flow of the period: what was issued and where points went. */
export function pointsFlowSeries(summary: AnalyticsSummary): Series[] {
  return [
    {
      name: "Points",
      data: [
        { key: "Issued", value: summary.pointsIssued },
        { key: "Redeemed", value: summary.pointsRedeemed },
        { key: "Expired", value: summary.pointsExpired },
        { key: "Clawed back", value: summary.pointsClawedBack },
      ],
    },
  ];
}

export function expiringSeries(weeks: ExpiringWeek[]): Series[] {
  return [
    {
      name: "Expiring points",
      data: weeks.map((week) => ({ key: week.weekStart.slice(0, 10), value: week.points })),
    },
  ];
}

export function formatMoney(amount: number | string, currency: string): string {
  const value = typeof amount === "string" ? Number(amount) : amount;
  return new Intl.NumberFormat("en", { style: "currency", currency }).format(value);
}

export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}

/** The last 30 days up to now, as the summary route's from/to. */
export function lastDays(now: Date, days: number): { from: string; to: string } {
  return { from: new Date(now.getTime() - days * 86_400_000).toISOString(), to: now.toISOString() };
}
