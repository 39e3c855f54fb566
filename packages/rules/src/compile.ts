import { type ConditionTest, compileConditions } from "./compile-conditions.ts";
import type { RuleRef } from "./evaluation.ts";
import type { RuleAction, StoredRule } from "./schema.ts";

/** pino-compatible: `logger.warn({ ruleId, … }, "message")`. */
export interface RuleLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface CompileOptions {
  /** Told once per compiled set about each rule left to json-rules-engine. */
  logger?: RuleLogger;
}

export interface CompiledRule {
  readonly ref: RuleRef;
  readonly priority: number;
  readonly triggers: readonly string[];
  /** Campaign window in epoch ms: applies when startsAtMs ≤ at < endsAtMs. */
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  readonly actions: readonly RuleAction[];
  /** The compiled conditions, or null when json-rules-engine must evaluate them. */
  readonly test: ConditionTest | null;
  /** Why the compiler left this rule to json-rules-engine (null when compiled). */
  readonly fallbackReason: string | null;
  readonly stored: StoredRule;
}

export interface CompiledRuleSet {
  /** Active rules, highest priority first (ties by rule id, so any load order gives one result). */
  readonly rules: readonly CompiledRule[];
  /** Rules evaluated by json-rules-engine (async) rather than compiled closures. */
  readonly fallbackRuleIds: readonly string[];
  /** The active rules triggered by this event type, in priority order. */
  rulesFor(eventType: string): readonly CompiledRule[];
}

const NONE: readonly CompiledRule[] = [];

function instant(value: string | null | undefined, open: number): number {
  return value === null || value === undefined ? open : Date.parse(value);
}

export function compileRule(stored: StoredRule): CompiledRule {
  const { definition } = stored;
  const compiled = compileConditions(definition.conditions);
  return {
    ref: { ruleId: stored.id, name: definition.name, version: stored.version },
    priority: definition.priority,
    triggers: definition.triggers,
    // An unparseable date gives NaN, and NaN windows contain no instant: the rule never applies.
    startsAtMs: instant(definition.startsAt, Number.NEGATIVE_INFINITY),
    endsAtMs: instant(definition.endsAt, Number.POSITIVE_INFINITY),
    actions: definition.actions,
    test: compiled.ok ? compiled.test : null,
    fallbackReason: compiled.ok ? null : compiled.reason,
    stored,
  };
}

/**
 * Compiles a shop's rules once (cache the result: see RuleSetCache). Paused rules are left
 * out; triggers are indexed so evaluation only looks at rules for the event's type.
 */
export function compileRuleSet(rules: readonly StoredRule[], options: CompileOptions = {}): CompiledRuleSet {
  const compiled = rules
    .filter((rule) => rule.definition.status !== "paused")
    .map(compileRule)
    .sort((a, b) => b.priority - a.priority || compareIds(a.ref.ruleId, b.ref.ruleId));

  const byTrigger = new Map<string, CompiledRule[]>();
  for (const rule of compiled) {
    for (const trigger of new Set(rule.triggers)) {
      const list = byTrigger.get(trigger) ?? [];
      list.push(rule);
      byTrigger.set(trigger, list);
    }
  }

  const fallback = compiled.filter((rule) => rule.test === null);
  for (const rule of fallback) {
    options.logger?.warn(
      {
        ruleId: rule.ref.ruleId,
        version: rule.ref.version,
        name: rule.ref.name,
        reason: rule.fallbackReason,
      },
      "rule uses a construct the compiler does not cover; json-rules-engine evaluates it (slower, async)",
    );
  }

  return {
    rules: compiled,
    fallbackRuleIds: fallback.map((rule) => rule.ref.ruleId),
    rulesFor: (eventType) => byTrigger.get(eventType) ?? NONE,
  };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
