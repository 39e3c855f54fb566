import type { CompiledRule, CompiledRuleSet } from "./compile.ts";
import type { FactSource } from "./compile-conditions.ts";
import { decideActions } from "./decide-actions.ts";
import { FallbackRequiredError, RuleFailedError } from "./errors.ts";
import type { DecidedAction, Evaluation, EvaluationContext, Facts, RuleRef } from "./evaluation.ts";
import { fallbackTest } from "./fallback.ts";

/**
 * Runs a compiled set against one event's facts: the rules triggered by the event type, in
 * priority order, inside their campaign windows. A rule that throws aborts the evaluation
 * with RuleFailedError (`rule_failed`) naming it. Per-order once-only is the ledger's job.
 */
export function evaluate(
  set: CompiledRuleSet,
  facts: Facts,
  context: EvaluationContext,
): Evaluation | Promise<Evaluation> {
  const at = context.at.getTime();
  const rules = set.rulesFor(facts.event.type);
  if (set.fallbackRuleIds.length === 0 || !rules.some((rule) => rule.test === null && inWindow(rule, at))) {
    return evaluateSync(set, facts, context);
  }
  return evaluateWithFallback(rules, facts, context, at);
}

/** Synchronous evaluation; throws FallbackRequiredError when a rule needs json-rules-engine. */
export function evaluateSync(set: CompiledRuleSet, facts: Facts, context: EvaluationContext): Evaluation {
  const at = context.at.getTime();
  const result = new Accumulator();
  for (const rule of set.rulesFor(facts.event.type)) {
    if (!inWindow(rule, at)) continue;
    const { test } = rule;
    if (test === null) throw new FallbackRequiredError(rule.ref, rule.fallbackReason ?? "not compiled");
    let matched: boolean;
    try {
      matched = test(facts as unknown as FactSource);
    } catch (error) {
      throw new RuleFailedError(rule.ref, error);
    }
    if (matched) result.add(rule, facts, context);
  }
  return result.evaluation();
}

async function evaluateWithFallback(
  rules: readonly CompiledRule[],
  facts: Facts,
  context: EvaluationContext,
  at: number,
): Promise<Evaluation> {
  const result = new Accumulator();
  for (const rule of rules) {
    if (!inWindow(rule, at)) continue;
    let matched: boolean;
    try {
      matched = rule.test ? rule.test(facts as unknown as FactSource) : await fallbackTest(rule, facts);
    } catch (error) {
      throw new RuleFailedError(rule.ref, error);
    }
    if (matched) result.add(rule, facts, context);
  }
  return result.evaluation();
}

function inWindow(rule: CompiledRule, at: number): boolean {
  return rule.startsAtMs <= at && at < rule.endsAtMs;
}

class Accumulator {
  readonly matched: RuleRef[] = [];
  readonly actions: DecidedAction[] = [];
  points = 0;

  add(rule: CompiledRule, facts: Facts, context: EvaluationContext): void {
    try {
      this.points += decideActions(rule, facts, context, this.actions);
    } catch (error) {
      throw new RuleFailedError(rule.ref, error);
    }
    this.matched.push(rule.ref);
  }

  evaluation(): Evaluation {
    return { matched: this.matched, actions: this.actions, points: this.points };
  }
}
