import type { Command } from "commander";
import { DEFAULT_INGEST_URL, DEFAULT_LOADGEN_SHOP } from "../loadgen/defaults.ts";

/** `loyalty loadgen --rate N --duration S`: signed Shopify webhooks at a steady rate into a local ingest. */
export function registerLoadgenCommand(program: Command): void {
  program
    .command("loadgen")
    .description(
      "send signed Shopify order and refund webhooks to a local ingest at a steady rate; report latency (and, with --wait, processing)",
    )
    .requiredOption("--rate <n>", "requests per second (sent on schedule, whatever the answers' speed)")
    .requiredOption("--duration <s>", "seconds to send for")
    .option("--customers <k>", "distinct customers the orders are spread over", "100")
    .option("--url <url>", "ingest base URL; this machine only", DEFAULT_INGEST_URL)
    .option("--shop <domain>", "shop domain of the webhooks", DEFAULT_LOADGEN_SHOP)
    .option("--duplicates <share>", "share of deliveries repeated with the same webhook id", "0.05")
    .option("--refunds <share>", "share of orders that get a refund", "0.1")
    .option("--concurrency <n>", "requests in flight at most", "64")
    .option("--wait", "then wait until every accepted event is processed; report end-to-end latency and lag")
    .option("--wait-timeout <s>", "give up waiting after this many seconds", "120")
    .option(
      "--query-url <url>",
      "read lag from this query service's GET /v1/ops/streams (OPS_TOKEN) instead of Redis",
    )
    .option("--database-url <url>", "Postgres polled by --wait (default DATABASE_URL)")
    .option("--json", "print the summary as JSON")
    .option("--no-progress", "no live progress bars")
    .addHelpText(
      "after",
      "\nSigns with SHOPIFY_API_SECRET (the development default when unset, as ingest does).\n" +
        "Exits 1 when a request failed or --wait timed out.",
    )
    // The action's modules (undici, Postgres, Redis, the generator) load only when loadgen runs,
    // so `loyalty --help` stays fast.
    .action(async (raw: Record<string, unknown>) => {
      const { loadgenAction } = await import("../loadgen/loadgen-action.ts");
      await loadgenAction(raw);
    });
}
