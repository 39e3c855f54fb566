import type { EventType } from "@loyalty/core";
import { type CompileOptions, compileRuleSet } from "./compile.ts";
import { evaluate } from "./evaluate.ts";
import type { Evaluation, Facts } from "./evaluation.ts";
import type { StoredRule } from "./schema.ts";

export interface SimulateInput extends CompileOptions {
  /** The event as the processor would see it (an EventEnvelope fits). */
  event: { type: EventType; occurredAt: string };
  /** Facts other than `event`, which comes from `event` above. */
  facts: Omit<Facts, "event">;
  /** Saved or draft rules; drafts are given any id and version. */
  rules: readonly StoredRule[];
  /** The customer's tier multiplier before this event (1 without a tier). */
  tierMultiplier: number;
  /** Evaluation time for campaign windows; defaults to the event's occurredAt. */
  at?: Date;
}

/**
 * POST /v1/rules/simulate and the processor must award the same points, so simulate is
 * exactly compileRuleSet + evaluate, nothing else. Pure: no I/O, no clock.
 * Returns synchronously unless a rule needs json-rules-engine; `await` it either way.
 */
export function simulate(input: SimulateInput): Evaluation | Promise<Evaluation> {
  const set = compileRuleSet(input.rules, input.logger ? { logger: input.logger } : {});
  const facts: Facts = {
    ...input.facts,
    event: { type: input.event.type, occurredAt: input.event.occurredAt },
  };
  const at = input.at ?? new Date(input.event.occurredAt);
  return evaluate(set, facts, { at, tierMultiplier: input.tierMultiplier });
}
