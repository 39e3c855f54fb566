import { type Sql, verifyLedger } from "@loyalty/db";
import { listDeadLetters, type RedisClient, type StreamKeys } from "@loyalty/streams";
import { balanceMismatches, doubleCounts } from "../../tests/reliability/support/ledger-checks.ts";
import type { Scenario } from "../../tests/reliability/support/scenario.ts";
import type { SendStats } from "./sender.ts";

export interface ChaosFigures {
  lines: string[];
  /** Every promise held: nothing lost, nothing counted twice, every poison in the DLQ. */
  ok: boolean;
}

/** Reads the outcome from Postgres and Redis and checks it against what was sent. */
export async function collectFigures(input: {
  sql: Sql;
  redis: RedisClient;
  keys: StreamKeys;
  shop: string;
  scenario: Scenario;
  sent: SendStats;
}): Promise<ChaosFigures> {
  const { sql, scenario, sent } = input;
  const [events] = await sql<{ total: number; applied: number; no_effect: number; distinct_ids: number }[]>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE outcome = 'applied')::int AS applied,
      count(*) FILTER (WHERE outcome = 'no_effect')::int AS no_effect,
      count(DISTINCT event_id)::int AS distinct_ids
    FROM processed_events`;
  const processedIds = new Set(
    (await sql<{ event_id: string }[]>`SELECT event_id FROM processed_events`).map((r) => r.event_id),
  );
  const letters = [];
  for (let cursor: string | null = null; ; ) {
    const page = await listDeadLetters(input.redis, input.keys, { count: 500, cursor });
    letters.push(...page.items);
    cursor = page.nextCursor;
    if (cursor === null) break;
  }
  const poisonLettered = letters.filter(
    (l) => l.envelope && scenario.poisonWebhookIds.has(l.envelope.webhookId),
  );
  const unexpectedLetters = letters.length - poisonLettered.length;
  const letteredIds = new Set(letters.map((l) => l.envelope?.id));
  const lost = [...sent.inStream].filter((id) => !processedIds.has(id) && !letteredIds.has(id)).length;
  const doubles = await doubleCounts(sql);
  const mismatched = await balanceMismatches(sql, input.shop, scenario.expected);
  const verified = await verifyLedger(sql);
  const total = events?.total ?? 0;
  const equation = total + scenario.poisonWebhookIds.size === sent.inStream.size;

  const lines = [
    `webhooks sent (HTTP requests, retries included)  ${sent.requests}`,
    `  planned deliveries / distinct webhook ids     ${sent.done} / ${scenario.uniqueWebhooks}`,
    `  answered accepted                             ${sent.accepted}`,
    `  answered duplicate (same webhook id)          ${sent.duplicate}`,
    `  repeated after 503 / dropped connection       ${sent.retried}`,
    `  other answers (must be 0)                     ${sent.unexpected.length}`,
    `accepted unique (events in the streams)         ${sent.inStream.size}`,
    `applied (processed_events rows)                 ${total}  (applied ${events?.applied ?? 0}, no_effect ${events?.no_effect ?? 0})`,
    `dead-lettered                                   ${letters.length}  (intentionally poisoned ${scenario.poisonWebhookIds.size}, of them in the DLQ ${poisonLettered.length}, other ${unexpectedLetters})`,
    `lost (accepted, neither applied nor in the DLQ)  ${lost}`,
    `duplicates applied: event ids twice             ${total - (events?.distinct_ids ?? 0)}`,
    `duplicates applied: (order, rule) earned twice  ${doubles.repeatedAwards}`,
    `orders clawed back beyond what they earned      ${doubles.overClawed}`,
    `balances ≠ independent computation (customers)  ${mismatched.length} of ${scenario.expected.size}`,
    `verifyLedger                                    ${verified.ok ? "ok" : "FAILED"} (${verified.customersChecked} customers, ${verified.mismatches.length} mismatches)`,
    `applied + intentionally poisoned = accepted unique: ${total} + ${scenario.poisonWebhookIds.size} = ${total + scenario.poisonWebhookIds.size} ${equation ? "=" : "≠"} ${sent.inStream.size} → ${equation}`,
  ];
  const ok =
    equation &&
    lost === 0 &&
    unexpectedLetters === 0 &&
    poisonLettered.length === scenario.poisonWebhookIds.size &&
    sent.unexpected.length === 0 &&
    sent.inStream.size === scenario.uniqueWebhooks &&
    total === events?.distinct_ids &&
    doubles.repeatedAwards === 0 &&
    doubles.overClawed === 0 &&
    mismatched.length === 0 &&
    verified.ok;
  return { lines, ok };
}
