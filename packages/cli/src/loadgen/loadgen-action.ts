import { closeDb, createDb, type Database } from "@loyalty/db";
import { BaseEnv } from "@loyalty/platform";
import { type RedisClient, redisFromEnv, streamKeys, waitUntilReady } from "@loyalty/streams";
import { CliError } from "../cli-error.ts";
import { commandConfig } from "../env.ts";
import { localHttpUrl } from "./ingest-target.ts";
import { type LagReader, opsLagReader, redisLagReader } from "./lag-source.ts";
import { parseLoadgenFlags } from "./loadgen-flags.ts";
import { NO_PROGRESS, progressBars } from "./progress.ts";
import { runLoadgen } from "./run-loadgen.ts";
import { formatSummary } from "./summary.ts";

/** What `loyalty loadgen` does with its flags (commander's raw option object). */
export async function loadgenAction(raw: Record<string, unknown>): Promise<void> {
  const flags = parseLoadgenFlags(raw);
  const url = localHttpUrl(flags.url, "--url");
  const queryUrl = flags.queryUrl === undefined ? undefined : localHttpUrl(flags.queryUrl, "--query-url");
  const config = commandConfig(BaseEnv);
  if (queryUrl && !config.OPS_TOKEN)
    throw new CliError("usage", "--query-url needs OPS_TOKEN (the query service's ops bearer token)", 2);

  let database: Database | null = null;
  let redis: RedisClient | null = null;
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  process.once("SIGINT", onSigint);
  try {
    let lag: LagReader | undefined;
    if (flags.wait) {
      database = createDb(flags.databaseUrl ?? config.DATABASE_URL, {
        max: 2,
        applicationName: "loyalty-loadgen",
      });
      if (queryUrl) lag = opsLagReader(queryUrl, config.OPS_TOKEN ?? "");
      else {
        // Request mode: fails fast instead of queueing, so a missing Redis costs samples, not the run.
        redis = redisFromEnv(config, "loyalty-loadgen", "request");
        await waitUntilReady(redis, 5_000).catch((error: unknown) =>
          process.stderr.write(`loyalty: lag will not be sampled until Redis answers (${String(error)})\n`),
        );
        lag = redisLagReader(
          redis,
          streamKeys({ prefix: config.STREAM_PREFIX, partitions: config.STREAM_PARTITIONS }),
        );
      }
    }
    const { summary } = await runLoadgen({
      rate: flags.rate,
      durationMs: flags.duration * 1000,
      customers: flags.customers,
      url,
      shop: flags.shop,
      secret: config.SHOPIFY_API_SECRET,
      duplicates: flags.duplicates,
      refunds: flags.refunds,
      maxInFlight: flags.concurrency,
      wait: database ? { sql: database.sql, timeoutMs: flags.waitTimeout * 1000 } : undefined,
      lag,
      progress: flags.progress && !flags.json ? progressBars() : NO_PROGRESS,
      stopped: () => interrupted,
    });
    process.stdout.write(
      flags.json ? `${JSON.stringify(summary, null, 2)}\n` : `${formatSummary(summary).join("\n")}\n`,
    );
    if (interrupted) throw new CliError("interrupted", "interrupted; the summary covers what was sent", 130);
    if (summary.errorCount > 0)
      throw new CliError("loadgen_errors", `${summary.errorCount} of ${summary.sent} requests failed`);
    if (summary.processing?.timedOut)
      throw new CliError(
        "loadgen_wait_timeout",
        `${summary.processing.expected - summary.processing.processed} accepted events were not processed in time`,
      );
  } finally {
    process.off("SIGINT", onSigint);
    redis?.disconnect();
    if (database) await closeDb(database);
  }
}
