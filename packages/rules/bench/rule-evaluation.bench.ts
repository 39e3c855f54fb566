import { fileURLToPath } from "node:url";
// @loyalty/testing's index imports vitest (inject), which throws outside a vitest run, so a
// script imports the bench-report module itself until that package exports it on its own.
import { machineDescription, writeBenchmarkSection } from "@loyalty/testing/bench";
import { compileRuleSet } from "../src/compile.ts";
import type { FactSource } from "../src/compile-conditions.ts";
import { createReferenceEngine, engineMatches } from "../src/engine.ts";
import { evaluateSync } from "../src/evaluate.ts";
import { realisticFacts, realisticRules } from "./realistic-rules.ts";

export interface RuleEvaluationBenchOptions {
  rules?: number;
  /** Compiled evaluations timed per round. */
  iterations?: number;
  /** json-rules-engine evaluations timed per round (it is ~100× slower, so fewer). */
  engineIterations?: number;
  factVariants?: number;
  /** Interleaved rounds; the best round of each path counts (shared machines are noisy). */
  rounds?: number;
}

export interface RuleEvaluationBenchResult {
  rules: number;
  factVariants: number;
  /** Compiled conditions only: the same work json-rules-engine does (which rules match). */
  compiledPerSecond: number;
  /** Full evaluateSync: matching plus deciding actions and points (core's exact arithmetic). */
  evaluatePerSecond: number;
  enginePerSecond: number;
  /** compiledPerSecond ÷ enginePerSecond (like for like). */
  ratio: number;
  /** evaluatePerSecond ÷ enginePerSecond. */
  evaluateRatio: number;
  /** Both paths matched the same rules for every fact variant (checked before timing). */
  identical: true;
}

/**
 * Evaluations per second of one realistic rule set: our compiled closures against a plain
 * json-rules-engine Engine over the same rules and facts, plus the full evaluateSync. Throws
 * if the two paths ever disagree on which rules match.
 */
export async function benchRuleEvaluation(
  options: RuleEvaluationBenchOptions = {},
): Promise<RuleEvaluationBenchResult> {
  const { rules: ruleCount = 20, iterations = 100_000, factVariants = 16, rounds = 5 } = options;
  const engineIterations = options.engineIterations ?? Math.max(100, Math.floor(iterations / 100));
  const rules = realisticRules(ruleCount);
  const factsList = realisticFacts(factVariants);
  const set = compileRuleSet(rules);
  const engine = createReferenceEngine(rules);
  const context = { at: new Date("2025-11-22T12:00:00Z"), tierMultiplier: 1.5 };
  const factsAt = (i: number) => factsList[i % factsList.length] as (typeof factsList)[number];

  for (const facts of factsList) {
    const compiled = evaluateSync(set, facts, context)
      .matched.map((ref) => ref.ruleId)
      .sort();
    const reference = (await engineMatches(engine, facts)).sort();
    if (compiled.join() !== reference.join()) {
      throw new Error(`compiled and json-rules-engine disagree: ${compiled.join()} vs ${reference.join()}`);
    }
  }

  let sink = 0;
  const matchOnly = () => {
    for (let i = 0; i < iterations; i++) {
      const facts = factsAt(i);
      for (const rule of set.rulesFor(facts.event.type)) {
        if (rule.test?.(facts as unknown as FactSource)) sink++;
      }
    }
  };
  const fullEvaluate = () => {
    for (let i = 0; i < iterations; i++) sink += evaluateSync(set, factsAt(i), context).points;
  };
  const engineRuns = async () => {
    for (let i = 0; i < engineIterations; i++) sink += (await engine.run({ ...factsAt(i) })).results.length;
  };

  const best = { compiled: 0, evaluate: 0, engine: 0 };
  matchOnly();
  fullEvaluate();
  await engineRuns(); // warm-up: let V8 optimise every path before timing
  for (let round = 0; round < rounds; round++) {
    best.compiled = Math.max(best.compiled, iterations / time(matchOnly));
    best.evaluate = Math.max(best.evaluate, iterations / time(fullEvaluate));
    best.engine = Math.max(best.engine, engineIterations / (await timeAsync(engineRuns)));
  }
  if (sink < 0) throw new Error("unreachable: keeps the loops from being optimised away");

  const ratio = (a: number, b: number) => Math.round((a / b) * 10) / 10;
  return {
    rules: ruleCount,
    factVariants,
    compiledPerSecond: Math.round(best.compiled),
    evaluatePerSecond: Math.round(best.evaluate),
    enginePerSecond: Math.round(best.engine),
    ratio: ratio(best.compiled, best.engine),
    evaluateRatio: ratio(best.evaluate, best.engine),
    identical: true,
  };
}

function time(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function timeAsync(run: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const COMMAND = "node --conditions=source packages/rules/bench/rule-evaluation.bench.ts";

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await benchRuleEvaluation();
  const format = (n: number) => n.toLocaleString("en-US");
  console.log(
    [
      `rule evaluation, ${result.rules} rules, ${result.factVariants} order.paid fact variants (identical matches: yes)`,
      `  compiled conditions:        ${format(result.compiledPerSecond)} evaluations/s (${result.ratio}×)`,
      `  compiled + actions/points:  ${format(result.evaluatePerSecond)} evaluations/s (${result.evaluateRatio}×)`,
      `  plain json-rules-engine:    ${format(result.enginePerSecond)} evaluations/s`,
    ].join("\n"),
  );
  writeBenchmarkSection(
    "rules",
    [
      "## Rule evaluation (@loyalty/rules)",
      "",
      `Command: \`${COMMAND}\` · ${new Date().toISOString().slice(0, 10)} · ${machineDescription()}`,
      "",
      `One realistic set of ${result.rules} rules (thresholds, tags, SKUs, weekday in a time zone, fact`,
      `references, nested any/not) against ${result.factVariants} order.paid fact variants. Before timing, both`,
      "paths matched the same rules for every variant. Best of 5 interleaved rounds per path.",
      "",
      "| path | evaluations/s | × json-rules-engine |",
      "|---|---:|---:|",
      `| compiled conditions (which rules match: the engine's job) | ${format(result.compiledPerSecond)} | ${result.ratio}× |`,
      `| \`evaluateSync\` (matching + actions + exact points math) | ${format(result.evaluatePerSecond)} | ${result.evaluateRatio}× |`,
      `| plain json-rules-engine \`Engine.run\` | ${format(result.enginePerSecond)} | 1× |`,
    ].join("\n"),
  );
}
