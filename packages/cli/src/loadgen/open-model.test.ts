import { describe, expect, it } from "vitest";
import { runOpenModel } from "./open-model.ts";

/** A virtual clock: sleep() moves time forward, timers fire in due order. */
function virtualClock() {
  let time = 0;
  const timers: Array<{ at: number; resolve: () => void }> = [];
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      timers.push({ at: time + ms, resolve });
      timers.sort((a, b) => a.at - b.at);
      // Let every other pending promise settle first, then fire the earliest timer.
      setImmediate(() => {
        const next = timers.shift();
        if (!next) return;
        time = Math.max(time, next.at);
        next.resolve();
      });
    });
  return { now: () => time, sleep };
}

describe("the open-model scheduler", () => {
  it("starts request i at start + i / rate, whatever the answers' speed", async () => {
    const clock = virtualClock();
    const starts: Array<[number, number]> = [];
    const result = await runOpenModel({
      rate: 10,
      durationMs: 1_000,
      maxInFlight: 100,
      graceMs: 0,
      ...clock,
      send: async (index, scheduledAt) => {
        starts.push([scheduledAt, clock.now()]);
        await clock.sleep(index === 0 ? 700 : 5); // a slow first answer must not delay the rest
      },
    });
    expect(result).toEqual({ planned: 10, started: 10, skipped: 0 });
    expect(starts.map(([scheduled]) => scheduled)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    for (const [scheduled, actual] of starts) expect(actual).toBe(scheduled);
  });

  it("never has more than maxInFlight requests open", async () => {
    const clock = virtualClock();
    let open = 0;
    let peak = 0;
    const result = await runOpenModel({
      rate: 100,
      durationMs: 500,
      maxInFlight: 3,
      graceMs: 10_000,
      ...clock,
      send: async () => {
        open += 1;
        peak = Math.max(peak, open);
        await clock.sleep(50);
        open -= 1;
      },
    });
    expect(peak).toBe(3);
    expect(result.started).toBe(50);
  });

  it("stops starting requests once duration + grace has passed and counts the rest as skipped", async () => {
    const clock = virtualClock();
    const result = await runOpenModel({
      rate: 100,
      durationMs: 1_000,
      maxInFlight: 1,
      graceMs: 100,
      ...clock,
      send: () => clock.sleep(100), // 10 per second at most through one slot
    });
    expect(result.planned).toBe(100);
    expect(result.started).toBeGreaterThanOrEqual(11);
    expect(result.started).toBeLessThanOrEqual(13);
    expect(result.skipped).toBe(result.planned - result.started);
  });

  it("stops when told to", async () => {
    const clock = virtualClock();
    let sent = 0;
    const result = await runOpenModel({
      rate: 10,
      durationMs: 10_000,
      maxInFlight: 10,
      graceMs: 0,
      ...clock,
      stopped: () => sent >= 5,
      send: async () => {
        sent += 1;
      },
    });
    expect(result).toEqual({ planned: 100, started: 5, skipped: 95 });
  });
});
