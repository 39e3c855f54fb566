import { LoyaltyError } from "@loyalty/core";
import { type EvaluateRules, loadActiveRules, type Queryable } from "@loyalty/db";
import type { ProcessorMetrics } from "@loyalty/platform";
import {
  type CompiledRuleSet,
  evaluate,
  RuleDefinition,
  RuleSetCache,
  type StoredRule,
} from "@loyalty/rules";
import type { Logger } from "pino";

export interface RuleProviderOptions {
  sql: Queryable;
  logger: Logger;
  metrics: ProcessorMetrics;
  /** How long a shop's rule set is trusted before its version is checked again. */
  refreshMs: number;
  now: () => number;
}

/**
 * Compiled rule sets per shop for the ledger. `prepare` (async, before the batch) makes sure
 * each shop's set is current — at most one version query per shop per refreshMs — so that
 * `evaluateRules` inside the batch is a synchronous lookup plus compiled closures.
 */
export function createRuleProvider(options: RuleProviderOptions) {
  const cache = new RuleSetCache({ logger: options.logger });
  const current = new Map<string, { set: CompiledRuleSet; checkedAt: number }>();

  async function prepare(shops: Iterable<string>): Promise<void> {
    const at = options.now();
    await Promise.all(
      [...new Set(shops)]
        .filter(
          (shop) => at - (current.get(shop)?.checkedAt ?? Number.NEGATIVE_INFINITY) >= options.refreshMs,
        )
        .map(async (shop) => {
          const active = await loadActiveRules(options.sql, shop);
          const set = await cache.get(shop, active.versionKey, () => active.rules.map(toStoredRule));
          current.set(shop, { set, checkedAt: at });
        }),
    );
  }

  const evaluateRules: EvaluateRules = (shop, facts, context) => {
    const entry = current.get(shop);
    if (!entry)
      throw new LoyaltyError("rules_not_loaded", `rules of ${shop} were not prepared for this batch`);
    // observe(value) without labels: startTimer's end merges label objects on every call,
    // a visible cost at one evaluation per event.
    const started = performance.now();
    try {
      return evaluate(entry.set, facts, context);
    } finally {
      options.metrics.ruleEvaluationSeconds.observe((performance.now() - started) / 1000);
    }
  };

  return { prepare, evaluateRules, invalidate: (shop: string) => current.delete(shop) };
}

/** Stored definitions were validated on write; parsing again gives them their types back. */
function toStoredRule(row: { id: string; version: number; definition: unknown }): StoredRule {
  return { id: row.id, version: row.version, definition: RuleDefinition.parse(row.definition) };
}
