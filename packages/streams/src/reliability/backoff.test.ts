import { isLoyaltyError } from "@loyalty/core";
import { describe, expect, it } from "vitest";
import { createBackoff, retryDelayMs } from "./backoff.ts";

const noJitter = { baseMs: 100, capMs: 5_000, jitterRatio: 0, random: () => 0 };

describe("retryDelayMs", () => {
  it("doubles the delay with each attempt, starting from the base", () => {
    expect([0, 1, 2, 3, 4].map((a) => retryDelayMs(a, noJitter))).toEqual([100, 200, 400, 800, 1_600]);
  });

  it("stops growing at the cap, even for absurd attempt counts", () => {
    expect(retryDelayMs(6, noJitter)).toBe(5_000);
    expect(retryDelayMs(60, noJitter)).toBe(5_000);
    expect(retryDelayMs(5_000, noJitter)).toBe(5_000);
  });

  it("adds jitter of at most jitterRatio times the delay, as the injected random decides", () => {
    const options = { ...noJitter, jitterRatio: 0.2 };
    expect(retryDelayMs(2, { ...options, random: () => 0 })).toBe(400);
    expect(retryDelayMs(2, { ...options, random: () => 0.5 })).toBe(440);
    expect(retryDelayMs(2, { ...options, random: () => 0.999999 })).toBeLessThan(480);
    expect(retryDelayMs(10, { ...options, random: () => 0.999999 })).toBeLessThan(6_000);
  });

  it("keeps the jitter bounded even when the random source misbehaves", () => {
    const options = { ...noJitter, jitterRatio: 0.5 };
    expect(retryDelayMs(0, { ...options, random: () => 7 })).toBe(150);
    expect(retryDelayMs(0, { ...options, random: () => -3 })).toBe(100);
  });

  it("rejects a negative attempt and a cap below the base with a typed error", () => {
    expect(() => retryDelayMs(-1, noJitter)).toThrow(expect.objectContaining({ code: "invalid_backoff" }));
    let caught: unknown;
    try {
      retryDelayMs(0, { ...noJitter, capMs: 10 });
    } catch (error) {
      caught = error;
    }
    expect(isLoyaltyError(caught, "invalid_backoff")).toBe(true);
  });
});

describe("createBackoff", () => {
  it("grows the pause with consecutive failures and sleeps it through the injected sleep", async () => {
    const slept: number[] = [];
    const backoff = createBackoff({ ...noJitter, sleep: async (ms) => void slept.push(ms) });

    for (let i = 0; i < 7; i++) await backoff.failAndWait();

    expect(slept).toEqual([100, 200, 400, 800, 1_600, 3_200, 5_000]);
    expect(backoff.failures).toBe(7);
  });

  it("starts again from the base after a success", () => {
    const backoff = createBackoff({ ...noJitter, sleep: async () => {} });
    backoff.fail();
    backoff.fail();
    backoff.fail();

    backoff.succeed();

    expect(backoff.failures).toBe(0);
    expect(backoff.fail()).toBe(100);
  });

  it("passes the abort signal on to sleep so shutdown does not wait out a long pause", async () => {
    const signals: Array<AbortSignal | undefined> = [];
    const backoff = createBackoff({ ...noJitter, sleep: async (_ms, signal) => void signals.push(signal) });
    const controller = new AbortController();

    await backoff.failAndWait(controller.signal);

    expect(signals).toEqual([controller.signal]);
  });
});
