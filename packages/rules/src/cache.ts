import { type CompiledRuleSet, type CompileOptions, compileRuleSet } from "./compile.ts";
import type { StoredRule } from "./schema.ts";

export interface RuleSetCacheOptions extends CompileOptions {
  /** Shops kept compiled; the least recently used shop is dropped beyond this. */
  maxShops?: number;
}

export type RuleSetVersionKey = string | number;

interface Entry {
  versionKey: string;
  promise: Promise<CompiledRuleSet>;
  value: CompiledRuleSet | undefined;
}

/**
 * Compiled rule sets per shop, keyed by the caller's rule-set version (a version counter or
 * max(updated_at)): a different key means the rules changed, so the shop's set is reloaded and
 * recompiled. One entry per shop, LRU-bounded. Concurrent gets share one load.
 */
export class RuleSetCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxShops: number;
  readonly #compileOptions: CompileOptions;

  constructor(options: RuleSetCacheOptions = {}) {
    const { maxShops = 1_000, ...compileOptions } = options;
    this.#maxShops = Math.max(1, maxShops);
    this.#compileOptions = compileOptions;
  }

  get(
    shop: string,
    versionKey: RuleSetVersionKey,
    load: () => readonly StoredRule[] | Promise<readonly StoredRule[]>,
  ): Promise<CompiledRuleSet> {
    const key = String(versionKey);
    const existing = this.#entries.get(shop);
    if (existing && existing.versionKey === key) {
      this.#touch(shop, existing);
      return existing.promise;
    }
    const promise = Promise.resolve()
      .then(load)
      .then((rules) => {
        const set = compileRuleSet(rules, this.#compileOptions);
        entry.value = set;
        return set;
      })
      .catch((error: unknown) => {
        // A failed load is not cached: the next get tries again.
        if (this.#entries.get(shop) === entry) this.#entries.delete(shop);
        throw error;
      });
    const entry: Entry = { versionKey: key, promise, value: undefined };
    this.#touch(shop, entry);
    return promise;
  }

  /** The compiled set when it is cached and loaded for this version, without waiting. */
  peek(shop: string, versionKey: RuleSetVersionKey): CompiledRuleSet | undefined {
    const entry = this.#entries.get(shop);
    if (!entry || entry.versionKey !== String(versionKey) || !entry.value) return undefined;
    this.#touch(shop, entry);
    return entry.value;
  }

  invalidate(shop: string): void {
    this.#entries.delete(shop);
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  #touch(shop: string, entry: Entry): void {
    // Map keeps insertion order: re-inserting makes this shop the most recently used.
    this.#entries.delete(shop);
    this.#entries.set(shop, entry);
    while (this.#entries.size > this.#maxShops) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }
}
