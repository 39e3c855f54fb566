import type { CompiledRule } from "./compile.ts";
import { createReferenceEngine, engineMatches } from "./engine.ts";
import type { Facts } from "./evaluation.ts";

/**
 * Evaluates one rule's conditions with json-rules-engine. A fresh Engine per call: an Engine
 * keeps run state (status, condition results) on itself, so concurrent runs must not share one.
 */
export async function fallbackTest(rule: CompiledRule, facts: Facts): Promise<boolean> {
  const engine = createReferenceEngine([rule.stored]);
  const matched = await engineMatches(engine, facts);
  return matched.length > 0;
}
