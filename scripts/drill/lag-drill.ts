/*
 * Lag drill (`pnpm drill:lag`), with real parts only: Debian's Prometheus and Alertmanager run
 * drill copies of prometheus/prometheus.yml, alerts.yml and alertmanager.yml (shorter `for:`
 * and intervals, loopback targets; drill-config.ts), scrape the real ingest and processors, and
 * Alertmanager delivers to a local webhook receiver. The drill reports what Alertmanager sent.
 *
 *   1. fresh database lag_drill and stream prefix; ingest, N processors, Prometheus,
 *      Alertmanager and the receiver; wait until Prometheus scrapes them all
 *   2. stop every processor: only ingest is left running, and it alone exports the stream gauges
 *   3. push load with the loadgen (open model, signed webhooks)
 *   4. wait until Alertmanager delivers LoyaltyStreamLagHigh (firing) to the receiver
 *   5. start the processors again; wait for the resolved notification of every partition that
 *      fired, and for every accepted event to be committed
 *   6. print the timeline: "fired after N s … resolved after M s"
 *
 * Options: --partitions 2 --processors 2 --rate 500 --duration 6 --timeout 300
 * The alert is per partition (max by (partition) … > 1000): 3000 webhooks over 2 partitions put
 * about 1400 on each, at a rate a 2-core machine running ingest and the loadgen keeps up with.
 */
import { parseArgs } from "node:util";
import { LoyaltyError } from "@loyalty/core";
import { countProcessed, formatSummary, runLoadgen } from "../../packages/cli/src/loadgen/index.ts";
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
    rate: { type: "string", default: "500" },
    duration: { type: "string", default: "6" },
    timeout: { type: "string", default: "300" },
  },
});
const PARTITIONS = Number(flags.partitions);
const PROCESSORS = Number(flags.processors);
const RATE = Number(flags.rate);
const DURATION_S = Number(flags.duration);
const TIMEOUT_MS = Number(flags.timeout) * 1000;
const ALERT = "LoyaltyStreamLagHigh";

async function main(): Promise<void> {
  step(`1/6 fresh database, ${PROCESSORS} processor(s), ingest, Prometheus, Alertmanager, webhook receiver`);
  out(
    `  drill copies: every for: → ${DRILL_TIMINGS.alertFor}, scrape/evaluation every ${DRILL_TIMINGS.interval}`,
  );
  const stack = await startDrillStack({ name: "lag-drill", partitions: PARTITIONS, processors: PROCESSORS });
  try {
    await drill(stack);
  } finally {
    await stack.close();
  }
}

async function drill(stack: DrillStack): Promise<void> {
  const { monitoring, receiver } = stack;
  step("2/6 stop every processor (SIGTERM)");
  await stack.stopProcessors();
  const timeline = new Timeline();
  timeline.mark(`every processor stopped; only ingest runs`);
  out("  nothing consumes the streams now; ingest alone exports loyalty_stream_lag");

  step(
    `3/6 push load (loadgen --rate ${RATE} --duration ${DURATION_S}) until Prometheus holds ${ALERT} pending`,
  );
  const acceptedEventIds: string[] = [];
  const deadline = Date.now() + TIMEOUT_MS;
  // Rounds, not one fixed burst: a busy machine sends fewer webhooks than planned, and the
  // alert needs more than 1000 unread entries on one partition. Prometheus's own ALERTS series
  // says when the rule's condition holds; the drill evaluates nothing itself.
  for (let round = 1; ; round++) {
    const { summary, acceptedEventIds: accepted } = await runLoadgen({
      rate: RATE,
      durationMs: DURATION_S * 1000,
      customers: 500,
      url: stack.ingestUrl,
      shop: DRILL_SHOP,
      secret: DRILL_SECRET,
      duplicates: 0.05,
      refunds: 0.1,
      maxInFlight: 64,
    });
    acceptedEventIds.push(...accepted);
    out(`  round ${round}: ${formatSummary(summary).slice(0, 2).join("; ").replace(/\s+/g, " ")}`);
    // A busy machine can make ingest answer 503 (Redis slower than the request timeout):
    // Shopify would retry those. The drill counts only what ingest accepted.
    if (summary.errorCount > 0)
      out(
        `    ${summary.errorCount} webhooks not accepted (see ${stack.ingest.logFile}); only accepted ones count`,
      );
    const pending = await waitUntil(
      async () => (await monitoring.query(`ALERTS{alertname="${ALERT}"}`)).length > 0,
      // One ingest sample (5 s), one scrape and one evaluation, with headroom.
      15_000,
      `${ALERT} pending`,
    ).then(
      () => true,
      () => false,
    );
    if (pending) break;
    if (Date.now() > deadline)
      throw new LoyaltyError("drill_timeout", `${ALERT} never went pending within ${TIMEOUT_MS / 1000} s`);
  }
  const pendingAt = timeline.mark(
    `load pushed: ${acceptedEventIds.length} events accepted; Prometheus holds ${ALERT} pending`,
  );

  step(`4/6 wait for Alertmanager to deliver ${ALERT}`);
  const firing = await receiver.waitFor(
    (alert) => alert.labels["alertname"] === ALERT && alert.status === "firing",
    TIMEOUT_MS,
    `${ALERT} firing notification`,
  );
  const exporters = await monitoring.query("count by (job) (loyalty_stream_lag)");
  const lag = await monitoring.query("max by (partition) (loyalty_stream_lag)");
  const processorsUp = await monitoring.query('up{job="processor"}');
  out(`  received: ${ALERT} firing for partition(s) ${firedPartitions(stack).join(", ")}`);
  out(`  Prometheus now: lag ${lag.map((s) => `p${s.labels["partition"]}=${s.value}`).join(" ")}`);
  out(`    loyalty_stream_lag exported by job(s): ${exporters.map((s) => s.labels["job"]).join(", ")}`);
  out(`    up{job="processor"}: ${processorsUp.map((s) => s.value).join(", ")}`);
  if (exporters.some((s) => s.labels["job"] !== "ingest"))
    throw new LoyaltyError(
      "drill_not_ingest_alone",
      "lag series from a job other than ingest while every processor is down",
    );

  step("5/6 start the processors again; wait for the resolved notification");
  const restartedAt = timeline.mark("processors started again");
  await stack.startProcessors();
  const fired = firedPartitions(stack);
  const resolved = await Promise.all(
    fired.map((partition) =>
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
  await waitUntil(
    async () => (await countProcessed(stack.database.sql, acceptedEventIds)) === acceptedEventIds.length,
    TIMEOUT_MS,
    "every accepted event to be committed",
  );
  timeline.mark(`all ${acceptedEventIds.length} accepted events committed`);

  step("6/6 timeline (Alertmanager's own notifications)");
  timeline.addNotifications(receiver.notifications());
  for (const line of timeline.lines()) out(`  ${line}`);
  out(
    `\n  ${ALERT}: fired after ${seconds(firing.receivedAt - timeline.startedAt)} (processors stopped → firing notification; ` +
      `${seconds(firing.receivedAt - pendingAt)} after Prometheus held it pending, for: ${DRILL_TIMINGS.alertFor}) … ` +
      `resolved after ${seconds(resolvedAt - restartedAt)} (processors restarted → resolved notification). Drill passed.`,
  );
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
  console.error(`lag drill FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
