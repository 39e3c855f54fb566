import type { RuleEvaluationBenchResult } from "../../../packages/rules/bench/rule-evaluation.bench.ts";
import type { BaselineResult } from "./run-bullmq-baseline.ts";
import type { ProcessorRunResult } from "./run-processor.ts";

export interface ProcessorBenchReport {
  command: string;
  date: string;
  machine: string;
  batchSize: number;
  customers: number;
  processor: ProcessorRunResult;
  processorMix: string;
  processorVerified: string;
  baseline: BaselineResult | null;
  baselineConcurrency: number;
  baselineVerified: string;
  rules: RuleEvaluationBenchResult | null;
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
const verdict = (ok: boolean) => (ok ? "met" : "**not met**");

/** The docs/benchmarks.md section (also printed): one table plus how it was measured. */
export function renderReport(r: ProcessorBenchReport): string {
  const p = r.processor;
  const lines = [
    "## Processor (`pnpm bench:processor`)",
    "",
    `Command: \`${r.command}\` · ${r.date} · ${r.machine}`,
    "",
    "| path | events | seconds | events/s | node CPU µs/event | Postgres CPU µs/event | load avg (1 5 15) before → after |",
    "|---|---:|---:|---:|---:|---:|---|",
    `| one processor (child process, real \`main.ts\`), BATCH_SIZE ${r.batchSize}, 2 batches in flight | ${int(p.events)} | ${p.seconds.toFixed(2)} | **${int(p.eventsPerSecond)}** | ${int(p.nodeMicros)} | ${int(p.postgresMicros)} | ${p.loadBefore} → ${p.loadAfter} |`,
  ];
  const b = r.baseline;
  if (b) {
    lines.push(
      `| BullMQ baseline, one Worker, concurrency ${r.baselineConcurrency}, a transaction per job | ${int(b.events)} | ${b.seconds.toFixed(2)} | ${int(b.eventsPerSecond)} | ${int(b.nodeMicros)} | ${int(b.postgresMicros)} | ${b.loadBefore} → ${b.loadAfter} |`,
    );
  }
  lines.push("");
  if (r.rules) {
    lines.push(
      "| rule evaluation, 20 realistic rules | evaluations/s | × plain json-rules-engine |",
      "|---|---:|---:|",
      `| compiled conditions (which rules match) | ${int(r.rules.compiledPerSecond)} | ${r.rules.ratio}× |`,
      `| compiled + actions and exact points (\`evaluateSync\`) | ${int(r.rules.evaluatePerSecond)} | ${r.rules.evaluateRatio}× |`,
      `| plain json-rules-engine \`Engine.run\` | ${int(r.rules.enginePerSecond)} | 1× |`,
      "",
    );
  }
  lines.push("Targets:", "");
  lines.push(
    `- ≥ 10,000 events/s end to end with one processor: ${int(p.eventsPerSecond)} — ${verdict(p.eventsPerSecond >= 10_000)}`,
  );
  if (b)
    lines.push(
      `- ≥ 5× the BullMQ baseline: ${ratio(p.eventsPerSecond, b.eventsPerSecond)} — ${verdict(p.eventsPerSecond >= 5 * b.eventsPerSecond)}`,
    );
  if (r.rules)
    lines.push(
      `- rule evaluation ≥ 100× json-rules-engine: ${r.rules.ratio}× — ${verdict(r.rules.ratio >= 100)}`,
    );
  lines.push(
    "",
    "How it was measured:",
    "",
    `- Events: ${r.processorMix}; ${int(r.customers)} customers, one shop with 3 tiers and the 20 rules of \`realisticRules(20)\` imported with \`importRules\`. Preloaded into 16 partition streams under a fresh STREAM_PREFIX with pipelined XADDs in the producer's entry format, into a fresh migrated database.`,
    `- Processor: the real \`services/processor/src/main.ts\` in a child process (pool of 4, XREADGROUP COUNT ${r.batchSize}). Timed from its "processor started" line until every stream had nothing unread, pending or awaiting a retry, confirmed by \`count(*)\` of processed_events = N. Outcomes: ${Object.entries(
      p.outcomes,
    )
      .map(([k, v]) => `${k} ${int(v)}`)
      .join(", ")}; mean batch transaction ${p.meanBatchMs.toFixed(1)} ms. ${r.processorVerified}`,
  );
  if (b)
    lines.push(
      `- Baseline: BullMQ on the same Redis (own prefix), one job per event (addBulk before timing), a Worker in the bench process with concurrency ${r.baselineConcurrency} and a Postgres pool of the same size; each job validates the envelope, then one transaction: claim processed_events, upsert + lock the customer (FOR UPDATE), upsert the order, plain json-rules-engine \`Engine.run\` over the same 20 rules, insert ledger rows, update balance/lifetime/tier. It writes no archive, rule executions, awards or outbox (less work than the ledger). Jobs retried (refund before its order): ${int(b.retries)}. ${r.baselineVerified}`,
    );
  const bound = 2e6 / (p.nodeMicros + p.postgresMicros);
  lines.push(
    "- CPU per event from /proc: the processor (or bench) process and the Postgres backends serving it (Redis not counted). synchronous_commit stays on.",
    `- Both runs share the machine with other work (load average shown); the ratio comes from one run. A ceiling derived from this run's CPU per event, not a measurement: with both cores to itself the processor + Postgres could carry at most 2 s/(${int(p.nodeMicros)} + ${int(p.postgresMicros)} µs) ≈ ${int(bound)} events/s.`,
    "",
    TUNING,
  );
  return lines.join("\n");
}

/** What profiling changed, and the A/B behind it (kept here so the section stays self-contained). */
const TUNING = [
  "Tuning (profiled with `--cpu-prof` on the processor and per-statement timing; see `services/processor/bench/ledger-profile.ts`):",
  "",
  "- a read is split into batches of whole streams and **two batches run at once** (Node decides one while Postgres writes the other; a customer never spans two concurrent batches);",
  "- `unnest` arrays go as one array literal per column built with `JSON.stringify` instead of postgres.js's per-element serialiser;",
  "- the archive stores each envelope's stream text as is (no second `JSON.stringify`);",
  "- `SET LOCAL random_page_cost = 1.1` per batch: the batch ⋈ table joins stay on primary-key indexes instead of hashing the whole customers/orders tables once they grow;",
  "- the ledger state uses nested maps (no joined key strings per lookup); events-processed counters are added once per (type, outcome) per batch; rule timing uses a label-free `observe`.",
  "",
  "A/B on 2026-11-22, 100k events, the pre-tuning processor and ledger against the tuned ones, alternating within minutes (load average 5 to 20 from other work): " +
    "events/s 1,252 → 1,726, 1,709 → 2,062, 2,733 → 4,008, 3,069 → 2,918, 1,522 → 2,785, 1,802 → 1,772; " +
    "CPU per event, node −20 to −40 %, Postgres −8 to −30 %. On this shared 2-core machine wall-clock figures move by 2× from one minute to the next; CPU per event is the steadier measure.",
].join("\n");
