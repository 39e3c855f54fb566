import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import type { Sql } from "@loyalty/db";
import { createIngestTarget } from "./ingest-target.ts";
import { startLagSampler } from "./lag-sampler.ts";
import type { LagReader } from "./lag-source.ts";
import { runOpenModel } from "./open-model.ts";
import { endToEndLatency, waitUntilProcessed } from "./processed-events.ts";
import { NO_PROGRESS, type ProgressSink } from "./progress.ts";
import { RunStats } from "./run-stats.ts";
import type { LoadgenSummary } from "./summary.ts";
import { createWebhookPlan } from "./webhook-plan.ts";

export interface RunLoadgenOptions {
  /** Requests per second. */
  rate: number;
  durationMs: number;
  customers: number;
  /** Ingest's base URL (loopback: see localHttpUrl). */
  url: URL;
  shop: string;
  /** SHOPIFY_API_SECRET of the ingest under test. */
  secret: string;
  /** Share of deliveries repeated exactly (same webhook id). */
  duplicates: number;
  /** Share of orders refunded. */
  refunds: number;
  maxInFlight: number;
  /** After durationMs + graceMs nothing new is sent (default 5 s). */
  graceMs?: number;
  /** Wait until every accepted event is processed, polling Postgres. */
  wait?: { sql: Sql; timeoutMs: number } | undefined;
  /** Sampled each second from the start while waiting is asked for. */
  lag?: LagReader | undefined;
  progress?: ProgressSink;
  /** True stops sending (and waiting) early; the summary covers what was done. */
  stopped?: () => boolean;
  random?: () => number;
  /** Monotonic ms: schedules and latencies. */
  now?: () => number;
  /** Wall clock: the payloads' timestamps. */
  wallClock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  newId?: () => string;
}

const PROGRESS_EVERY_MS = 200;
const WAIT_POLL_MS = 500;

export interface LoadgenResult {
  summary: LoadgenSummary;
  /** Event ids ingest accepted (what processed_events will hold once processed). */
  acceptedEventIds: string[];
}

/** One load run: send (open model), then optionally wait for processing. Never throws for failed requests. */
export async function runLoadgen(options: RunLoadgenOptions): Promise<LoadgenResult> {
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const progress = options.progress ?? NO_PROGRESS;
  const stats = new RunStats();
  const plan = createWebhookPlan({
    shop: options.shop,
    customers: options.customers,
    duplicates: options.duplicates,
    refunds: options.refunds,
    random: options.random ?? Math.random,
    now: options.wallClock ?? (() => new Date()),
    newId: options.newId ?? randomUUID,
  });
  const target = createIngestTarget({
    url: options.url,
    shop: options.shop,
    secret: options.secret,
    connections: options.maxInFlight,
  });
  const startedAt = now();
  const sampler =
    options.wait && options.lag
      ? startLagSampler({ read: options.lag, intervalMs: 1_000, now, startedAt })
      : null;
  const planned = Math.floor((options.rate * options.durationMs) / 1000);
  const report = () =>
    progress.sending({
      planned,
      sent: stats.sent,
      accepted: stats.accepted,
      duplicates: stats.duplicates,
      errors: stats.errorCount,
      elapsedMs: now() - startedAt,
    });
  report();
  const ticker = setInterval(report, PROGRESS_EVERY_MS);
  ticker.unref();

  let sending: Awaited<ReturnType<typeof runOpenModel>>;
  let sendElapsedMs: number;
  try {
    sending = await runOpenModel({
      rate: options.rate,
      durationMs: options.durationMs,
      maxInFlight: options.maxInFlight,
      graceMs: options.graceMs ?? 5_000,
      now,
      sleep,
      ...(options.stopped ? { stopped: options.stopped } : {}),
      send: async (_index, scheduledAt) => {
        // The payload is built when due, so its timestamps are the send time, as Shopify's are.
        const delivery = plan.next();
        const outcome = await target.send(delivery);
        stats.record(outcome, now() - scheduledAt, delivery.redelivery);
      },
    });
    sendElapsedMs = now() - startedAt;
  } finally {
    clearInterval(ticker);
    await target.close();
  }
  report();

  const summary: LoadgenSummary = {
    planned: sending.planned,
    sent: stats.sent,
    skipped: sending.skipped,
    accepted: stats.accepted,
    duplicates: stats.duplicates,
    ignored: stats.ignored,
    errors: Object.fromEntries(stats.errors),
    errorCount: stats.errorCount,
    redeliveriesSent: stats.redeliveriesSent,
    elapsedMs: sendElapsedMs,
    // Over the asked duration at least: the last request is due at (n − 1) / rate, not at n / rate.
    achievedRate: (stats.sent * 1000) / Math.max(sendElapsedMs, options.durationMs),
    ingestLatencyMs: stats.latency(),
  };

  const eventIds = [...stats.acceptedEventIds];
  try {
    if (options.wait) {
      const waited = await waitUntilProcessed({
        sql: options.wait.sql,
        eventIds,
        timeoutMs: options.wait.timeoutMs,
        intervalMs: WAIT_POLL_MS,
        now,
        sleep,
        onProgress: (processed, expected) => progress.processing(processed, expected, sampler?.latest()?.lag),
        ...(options.stopped ? { stopped: options.stopped } : {}),
      });
      summary.processing = { ...waited, endToEndMs: await endToEndLatency(options.wait.sql, eventIds) };
    }
  } finally {
    progress.stop();
    if (sampler) summary.lag = [...(await sampler.stop())];
  }
  return { summary, acceptedEventIds: eventIds };
}
