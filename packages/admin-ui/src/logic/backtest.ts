export type { BacktestResult } from "../api/contract-paths.ts";

/** The last 30 days, as date inputs hold them (YYYY-MM-DD). */
export function defaultBacktestRange(now: Date): { from: string; to: string } {
  const day = (date: Date) => date.toISOString().slice(0, 10);
  return { from: day(new Date(now.getTime() - 30 * 86_400_000)), to: day(now) };
}

/** Whole days, `to` included: from its 00:00 UTC to the next day's. */
export function backtestRange(
  from: string,
  to: string,
): { ok: true; range: { from: string; to: string } } | { ok: false; message: string } {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end)) return { ok: false, message: "Pick both dates." };
  if (end < start) return { ok: false, message: "The range ends before it starts." };
  return {
    ok: true,
    range: { from: new Date(start).toISOString(), to: new Date(end + 86_400_000).toISOString() },
  };
}
