/*
 * DLQ-growth drill (`pnpm drill:dlq`), with the same real parts as the lag drill (Debian's
 * Prometheus and Alertmanager on drill copies of the repository's files, the real ingest and
 * processors, a local webhook receiver), walking the DLQ runbook of docs/operations.md:
 *
 *   1. fresh database dlq_drill and stream prefix; ingest, N processors (MAX_ATTEMPTS=2 and
 *      short retry delays, so a failing event is dead-lettered in seconds), Prometheus,
 *      Alertmanager and the receiver
 *   2. post refunds of orders we never received: the processors retry them, then dead-letter them
 *   3. stop every processor: only ingest is left running, and it alone exports loyalty_dlq_depth
 *   4. wait until Alertmanager delivers LoyaltyDLQGrowing (firing) for every partition holding
 *      dead letters, and check it goes on firing on ingest's gauge alone
 *   5. the runbook, still with only ingest: the missing orders arrive, `loyalty dlq replay --all`,
 *      and wait for the resolved notification of every partition that fired
 *   6. processors back: every order and replayed refund applied, `loyalty verify` passes; print
 *      the timeline
 *
 * Options: --partitions 2 --processors 2 --refunds 20 --timeout 300
 */
import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { parseArgs } from "node:util";
import { eventIdFor, LoyaltyError, partitionFor } from "@loyalty/core";
import { PROCESSOR_GROUP, partitionStatus } from "@loyalty/streams";
import { countProcessed, createIngestTarget, type Delivery } from "../../packages/cli/src/loadgen/index.ts";
import {
  CATALOGUE,
  type OrderSpec,
  orderPayload,
  refundPayload,
} from "../../packages/cli/src/loadgen/shopify-payloads.ts";
import { runCommand } from "./children.ts";
import { DRILL_TIMINGS } from "./drill-config.ts";
import {
  DRILL_SECRET,
  DRILL_SHOP,
  type DrillStack,
  out,
  startDrillStack,
  step,
  waitUntil,
} from "./drill-stack.ts";
import { seconds, Timeline } from "./timeline.ts";

const { values: flags } = parseArgs({
  options: {
    partitions: { type: "string", default: "2" },
    processors: { type: "string", default: "2" },
    refunds: { type: "string", default: "20" },
    timeout: { type: "string", default: "300" },
  },
});
const PARTITIONS = Number(flags.partitions);
const PROCESSORS = Number(flags.processors);
const REFUNDS = Number(flags.refunds);
const TIMEOUT_MS = Number(flags.timeout) * 1000;
const ALERT = "LoyaltyDLQGrowing";

async function main(): Promise<void> {
  step(`1/6 fresh database, ${PROCESSORS} processor(s), ingest, Prometheus, Alertmanager, webhook receiver`);
  out(
    `  drill copies: every for: → ${DRILL_TIMINGS.alertFor}, scrape/evaluation every ${DRILL_TIMINGS.interval}`,
  );
  const stack = await startDrillStack({
    name: "dlq-drill",
    partitions: PARTITIONS,
    processors: PROCESSORS,
    processorEnv: { MAX_ATTEMPTS: "2", RETRY_BASE_MS: "200", RETRY_CAP_MS: "1000" },
  });
  try {
    await drill(stack);
  } finally {
    await stack.close();
  }
}

async function drill(stack: DrillStack): Promise<void> {
  const { monitoring, receiver } = stack;
  const orders = plannedOrders(REFUNDS);
  const target = createIngestTarget({
    url: stack.ingestUrl,
    shop: DRILL_SHOP,
    secret: DRILL_SECRET,
    connections: 8,
  });
  const timeline = new Timeline();
  try {
    step(`2/6 post ${REFUNDS} refunds of orders ingest never received`);
    const refunds = orders.map((order) =>
      delivery(
        "refunds/create",
        refundPayload({
          refundId: order.orderId + 10,
          order,
          line: order.lines[0]!,
          createdAt: order.createdAt,
        }),
      ),
    );
    await sendAll(target, refunds);
    timeline.mark(`${REFUNDS} refunds accepted by ingest`);
    await waitUntil(
      async () => (await dlqDepth(stack)) === REFUNDS,
      TIMEOUT_MS,
      `all ${REFUNDS} refunds to be dead-lettered`,
    );
    timeline.mark(`all ${REFUNDS} refunds dead-lettered (order_not_found after MAX_ATTEMPTS=2)`);
    out(`  loyalty:dlq:{p} now holds ${REFUNDS} entries`);

    step("3/6 stop every processor (SIGTERM)");
    await stack.stopProcessors();
    timeline.mark("every processor stopped; only ingest runs");

    step(`4/6 wait for Alertmanager to deliver ${ALERT} for every partition with dead letters`);
    const partitions = expectedPartitions(orders);
    const firing = await receiver.waitFor(
      (alert) => alert.labels["alertname"] === ALERT && alert.status === "firing",
      TIMEOUT_MS,
      `${ALERT} firing notification`,
    );
    await waitUntil(
      async () => firedPartitions(stack).length === partitions,
      TIMEOUT_MS,
      `${ALERT} firing for all ${partitions} partition(s)`,
    );
    // The processors may have counted the dead letters first (the alert has no `for:`); with
    // them gone, the alert must go on firing on ingest's copy of the gauge alone.
    await waitUntil(
      async () => {
        const exporters = await monitoring.query("count by (job) (loyalty_dlq_depth)");
        return exporters.length === 1 && exporters[0]?.labels["job"] === "ingest";
      },
      30_000,
      "loyalty_dlq_depth exported by ingest alone",
    );
    const stillFiring = await monitoring.query(`ALERTS{alertname="${ALERT}",alertstate="firing"}`);
    out(`  received: ${ALERT} firing for partition(s) ${firedPartitions(stack).join(", ")}`);
    out(
      `  Prometheus now: loyalty_dlq_depth exported by ingest alone; ${ALERT} firing for ${stillFiring.length} partition(s)`,
    );
    if (stillFiring.length !== partitions)
      throw new LoyaltyError(
        "drill_not_ingest_alone",
        `${ALERT} stopped firing once only ingest exported the DLQ depth`,
      );

    step("5/6 runbook, with only ingest running: the missing orders arrive, then dlq replay --all");
    const paid = orders.map((order) => delivery("orders/paid", orderPayload(order)));
    await sendAll(target, paid);
    timeline.mark(`the ${REFUNDS} missing orders accepted by ingest (waiting in the streams)`);
    out(`  ${(await runCommand(["dlq", "replay", "--all"], stack.env)).trim()}`);
    const replayedAt = timeline.mark("loyalty dlq replay --all");
    const resolved = await Promise.all(
      firedPartitions(stack).map((partition) =>
        receiver.waitFor(
          (alert) =>
            alert.labels["alertname"] === ALERT &&
            alert.status === "resolved" &&
            alert.labels["partition"] === partition,
          TIMEOUT_MS,
          `${ALERT} resolved notification for partition ${partition}`,
        ),
      ),
    );
    const resolvedAt = Math.max(...resolved.map((n) => n.receivedAt));
    out(`  received: ${ALERT} resolved for partition(s) ${firedPartitions(stack).join(", ")}`);

    step(
      "6/6 processors back: orders and replayed refunds applied; timeline (Alertmanager's own notifications)",
    );
    // Back with the default attempts: a replayed refund read before its order (another
    // partition) is retried until the order is in, as in production.
    await stack.startProcessors({ MAX_ATTEMPTS: "8" });
    timeline.mark("processors started again (MAX_ATTEMPTS=8)");
    const all = [...paid, ...refunds].map((d) => d.eventId);
    await waitUntil(
      async () => (await countProcessed(stack.database.sql, all)) === all.length,
      TIMEOUT_MS,
      "the orders and the replayed refunds to be committed",
    );
    if ((await dlqDepth(stack)) !== 0)
      throw new LoyaltyError("drill_dead_letters_again", "a replayed refund was dead-lettered again");
    timeline.mark(`all ${REFUNDS} orders and ${REFUNDS} replayed refunds committed`);
    out(`  loyalty verify: ${(await runCommand(["verify"], stack.env)).trim().split("\n").at(-1)}`);
    timeline.addNotifications(receiver.notifications());
    for (const line of timeline.lines()) out(`  ${line}`);
    out(
      `\n  ${ALERT}: fired after ${seconds(firing.receivedAt - timeline.startedAt)} (first refund posted → firing notification) … ` +
        `resolved after ${seconds(resolvedAt - replayedAt)} (dlq replay → resolved notification). Drill passed.`,
    );
  } finally {
    await target.close();
  }
}

/** Orders with ids of their own (below 2⁵³, apart from earlier runs), one line each. */
function plannedOrders(count: number): OrderSpec[] {
  const base = 5_000_000_000_000 + (Date.now() % 1_000_000) * 1_000;
  const createdAt = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => {
    const orderId = base + i;
    return {
      orderId,
      orderNumber: 5000 + i,
      customerId: 7_500_000_000_000 + i,
      currency: "USD",
      lines: [{ id: orderId * 8 + 1, item: CATALOGUE[i % CATALOGUE.length]!, quantity: 1 }],
      createdAt,
      updatedAt: createdAt,
      financialStatus: "paid" as const,
    };
  });
}

function delivery(topic: Delivery["topic"], payload: Record<string, unknown>): Delivery {
  const webhookId = randomUUID();
  return {
    topic,
    webhookId,
    eventId: eventIdFor(DRILL_SHOP, webhookId),
    shopifyEventId: randomUUID(),
    triggeredAt: new Date().toISOString(),
    body: JSON.stringify(payload),
    redelivery: false,
  };
}

/**
 * Posts each delivery until ingest accepts it, as Shopify retries a webhook that was not
 * answered 2xx (a busy machine can make ingest answer 503); a few attempts, then give up.
 */
async function sendAll(target: ReturnType<typeof createIngestTarget>, deliveries: Delivery[]): Promise<void> {
  for (const item of deliveries) {
    for (let attempt = 1; ; attempt++) {
      const outcome = await target.send(item);
      // "duplicate": an earlier attempt got in although its answer was lost.
      if (outcome.kind === "answered" && (outcome.status === "accepted" || outcome.status === "duplicate"))
        break;
      if (attempt === 10)
        throw new LoyaltyError("drill_webhook_refused", `${item.topic}: ${JSON.stringify(outcome)}`);
      await delay(500);
    }
  }
}

async function dlqDepth(stack: DrillStack): Promise<number> {
  const rows = await partitionStatus(stack.redis, stack.keys, PROCESSOR_GROUP);
  return rows.reduce((sum, row) => sum + row.dlq, 0);
}

/** Refunds name only their order: ingest partitions them by shop + order id. */
function expectedPartitions(orders: OrderSpec[]): number {
  const partitions = orders.map((order) =>
    partitionFor({ shop: DRILL_SHOP, customerId: null, orderId: String(order.orderId) }, PARTITIONS),
  );
  return new Set(partitions).size;
}

function firedPartitions(stack: DrillStack): string[] {
  const partitions = stack.receiver
    .notifications()
    .flatMap((n) => n.alerts)
    .filter((a) => a.labels["alertname"] === ALERT && a.status === "firing")
    .map((a) => a.labels["partition"] ?? "");
  return [...new Set(partitions)].sort();
}

try {
  await main();
  process.exit(0);
} catch (error) {
  console.error(`DLQ drill FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
