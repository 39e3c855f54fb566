import { lagCurveLines } from "./lag-curve.ts";
import type { LagSample } from "./lag-source.ts";
import type { LatencySummary } from "./run-stats.ts";

export interface LoadgenSummary {
  /** rate × duration. */
  planned: number;
  /** Requests that got an answer or failed: accepted + duplicates + ignored + errorCount. */
  sent: number;
  /** Planned but not sent (the run's time bound passed, or it was interrupted). */
  skipped: number;
  accepted: number;
  duplicates: number;
  ignored: number;
  /** Failed requests by HTTP status (`"503"`) or transport failure (`"timeout"`, `"ECONNREFUSED"`). */
  errors: Record<string, number>;
  errorCount: number;
  /** Deliveries sent as exact repeats of an earlier one (each should come back `duplicate`). */
  redeliveriesSent: number;
  elapsedMs: number;
  /** Requests sent per second, over the send phase or the asked duration, whichever is longer. */
  achievedRate: number;
  /** From each request's scheduled time to its answer, in ms (waiting for a free slot included). */
  ingestLatencyMs: LatencySummary | null;
  /** With --wait. */
  processing?: {
    processed: number;
    expected: number;
    timedOut: boolean;
    elapsedMs: number;
    /** received_at → processed_at per event, in ms. */
    endToEndMs: LatencySummary | null;
  };
  /** With --wait: the backlog sampled each second from the start of the run. */
  lag?: LagSample[];
}

const ms = (value: number) =>
  value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
const latency = (summary: LatencySummary | null) =>
  summary ? `p50 ${ms(summary.p50)} ms  p99 ${ms(summary.p99)} ms  max ${ms(summary.max)} ms` : "no samples";

/** The human summary printed after a run. */
export function formatSummary(summary: LoadgenSummary): string[] {
  const errors = Object.entries(summary.errors)
    .sort(([, a], [, b]) => b - a)
    .map(([reason, count]) => `${reason}: ${count}`)
    .join(", ");
  const lines = [
    `sent        ${summary.sent} of ${summary.planned} planned in ${(summary.elapsedMs / 1000).toFixed(1)} s (${summary.achievedRate.toFixed(1)}/s)${summary.skipped > 0 ? `, ${summary.skipped} skipped` : ""}`,
    `accepted    ${summary.accepted}`,
    `duplicates  ${summary.duplicates} (${summary.redeliveriesSent} redeliveries sent)`,
    `ignored     ${summary.ignored}`,
    `errors      ${summary.errorCount}${errors ? ` (${errors})` : ""}`,
    `ingest      ${latency(summary.ingestLatencyMs)}`,
  ];
  if (summary.processing) {
    const p = summary.processing;
    lines.push(
      `processed   ${p.processed} of ${p.expected} accepted events in ${(p.elapsedMs / 1000).toFixed(1)} s after sending${p.timedOut ? " (timed out)" : ""}`,
      `end-to-end  ${latency(p.endToEndMs)} (received → committed)`,
    );
  }
  if (summary.lag) lines.push(...lagCurveLines(summary.lag));
  return lines;
}
