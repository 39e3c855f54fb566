import { describe, expect, it } from "vitest";
import { RuleSetCache } from "../src/cache.ts";
import type { StoredRule } from "../src/schema.ts";
import { stored } from "./support/builders.ts";

/** A loader that counts its calls and serves whatever rules the test sets. */
function loader(rules: StoredRule[]) {
  const state = { calls: 0, rules };
  const load = async () => {
    state.calls++;
    return state.rules;
  };
  return { state, load };
}

describe("RuleSetCache", () => {
  it("compiles a shop's rules once per version key", async () => {
    const cache = new RuleSetCache();
    const { state, load } = loader([stored("a", {})]);
    const first = await cache.get("shop-1.myshopify.com", 7, load);
    const second = await cache.get("shop-1.myshopify.com", 7, load);
    expect(second).toBe(first);
    expect(state.calls).toBe(1);
    expect(cache.peek("shop-1.myshopify.com", 7)).toBe(first);
  });

  it("reloads and recompiles when the version key changes", async () => {
    const cache = new RuleSetCache();
    const { state, load } = loader([stored("a", {})]);
    const v1 = await cache.get("shop-1.myshopify.com", "2025-11-21T10:00:00.000Z", load);
    state.rules = [stored("a", {}, 2), stored("b", {})];
    const v2 = await cache.get("shop-1.myshopify.com", "2025-11-21T10:05:00.000Z", load);
    expect(v2).not.toBe(v1);
    expect(v2.rules.map((rule) => `${rule.ref.ruleId}@${rule.ref.version}`)).toEqual(["a@2", "b@1"]);
    expect(state.calls).toBe(2);
    expect(cache.peek("shop-1.myshopify.com", "2025-11-21T10:00:00.000Z")).toBeUndefined();
  });

  it("keeps shops apart and invalidates one on request", async () => {
    const cache = new RuleSetCache();
    const one = loader([stored("a", {})]);
    const two = loader([stored("b", {})]);
    await cache.get("one.myshopify.com", 1, one.load);
    await cache.get("two.myshopify.com", 1, two.load);
    cache.invalidate("one.myshopify.com");
    await cache.get("one.myshopify.com", 1, one.load);
    await cache.get("two.myshopify.com", 1, two.load);
    expect([one.state.calls, two.state.calls]).toEqual([2, 1]);
  });

  it("drops the least recently used shop beyond its bound", async () => {
    const cache = new RuleSetCache({ maxShops: 2 });
    const { state, load } = loader([stored("a", {})]);
    await cache.get("a.myshopify.com", 1, load);
    await cache.get("b.myshopify.com", 1, load);
    await cache.get("a.myshopify.com", 1, load); // a is now the most recent
    await cache.get("c.myshopify.com", 1, load); // evicts b
    expect(cache.size).toBe(2);
    expect(cache.peek("b.myshopify.com", 1)).toBeUndefined();
    expect(cache.peek("a.myshopify.com", 1)).toBeDefined();
    expect(state.calls).toBe(3);
  });

  it("shares one load between concurrent gets and does not cache a failed load", async () => {
    const cache = new RuleSetCache();
    const { state, load } = loader([stored("a", {})]);
    const [x, y] = await Promise.all([
      cache.get("s.myshopify.com", 1, load),
      cache.get("s.myshopify.com", 1, load),
    ]);
    expect(x).toBe(y);
    expect(state.calls).toBe(1);

    let failures = 0;
    const failing = async (): Promise<StoredRule[]> => {
      failures++;
      throw new Error("database unreachable");
    };
    await expect(cache.get("f.myshopify.com", 1, failing)).rejects.toThrow("database unreachable");
    await expect(cache.get("f.myshopify.com", 1, failing)).rejects.toThrow("database unreachable");
    expect(failures).toBe(2);
    expect(cache.peek("f.myshopify.com", 1)).toBeUndefined();
  });
});
