import { describe, expect, it } from "vitest";
import { downsample, lagCurveLines, sparkline } from "./lag-curve.ts";
import { percentile, RunStats, summarise } from "./run-stats.ts";
import { formatSummary, type LoadgenSummary } from "./summary.ts";

describe("run statistics", () => {
  it("takes nearest-rank percentiles", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(summarise([3, 1, 2])).toEqual({ p50: 2, p99: 3, max: 3 });
    expect(summarise([])).toBeNull();
  });

  it("counts every request exactly once, errors by reason", () => {
    const stats = new RunStats();
    stats.record({ kind: "answered", status: "accepted", eventId: "evt_1" }, 1, false);
    stats.record({ kind: "answered", status: "duplicate", eventId: "evt_1" }, 2, true);
    stats.record({ kind: "answered", status: "ignored", eventId: null }, 3, false);
    stats.record({ kind: "error", reason: "503" }, 4, false);
    stats.record({ kind: "error", reason: "503" }, 5, false);
    expect([stats.sent, stats.accepted, stats.duplicates, stats.ignored, stats.errorCount]).toEqual([
      5, 1, 1, 1, 2,
    ]);
    expect(Object.fromEntries(stats.errors)).toEqual({ "503": 2 });
    expect([...stats.acceptedEventIds]).toEqual(["evt_1"]);
    expect(stats.redeliveriesSent).toBe(1);
  });
});

describe("the lag curve", () => {
  it("draws one bar per value scaled to the peak, a space where lag was unknown", () => {
    expect(sparkline([0, 50, 100, null, 0])).toBe("▁▅█ ▁");
    expect(sparkline([0, 0])).toBe("▁▁");
  });

  it("keeps each bucket's peak when it has to shrink the curve", () => {
    const samples = [0, 5, 1, 9, 2, 0].map((lag, i) => ({ atSeconds: i, lag, pending: 0 }));
    expect(downsample(samples, 3).map((s) => s.lag)).toEqual([5, 9, 2]);
  });

  it("names the peak and the last value", () => {
    const lines = lagCurveLines([
      { atSeconds: 0, lag: 0, pending: 0 },
      { atSeconds: 1, lag: 1500, pending: 20 },
      { atSeconds: 2, lag: 0, pending: 0 },
    ]);
    expect(lines[1]).toBe("  peak 1500 at 1s, last 0 at 2s");
  });
});

describe("the printed summary", () => {
  it("shows sent, outcomes, errors by status and both latencies", () => {
    const summary: LoadgenSummary = {
      planned: 100,
      sent: 98,
      skipped: 2,
      accepted: 90,
      duplicates: 5,
      ignored: 0,
      errors: { "503": 2, timeout: 1 },
      errorCount: 3,
      redeliveriesSent: 5,
      elapsedMs: 2_000,
      achievedRate: 49,
      ingestLatencyMs: { p50: 1.234, p99: 12.5, max: 130 },
      processing: {
        processed: 90,
        expected: 90,
        timedOut: false,
        elapsedMs: 1_500,
        endToEndMs: { p50: 40, p99: 400, max: 900 },
      },
    };
    expect(formatSummary(summary)).toEqual([
      "sent        98 of 100 planned in 2.0 s (49.0/s), 2 skipped",
      "accepted    90",
      "duplicates  5 (5 redeliveries sent)",
      "ignored     0",
      "errors      3 (503: 2, timeout: 1)",
      "ingest      p50 1.23 ms  p99 12.5 ms  max 130 ms",
      "processed   90 of 90 accepted events in 1.5 s after sending",
      "end-to-end  p50 40.0 ms  p99 400 ms  max 900 ms (received → committed)",
    ]);
  });
});
