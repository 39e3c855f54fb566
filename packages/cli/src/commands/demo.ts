import { type Command, InvalidArgumentError } from "commander";
import { lazyAction } from "../lazy-action.ts";
import { DEFAULT_FIXTURES_DIR } from "../repo-root.ts";

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("must be a positive number of seconds");
  return n;
}

/** `loyalty demo`: a guided first run against the stack `loyalty start` runs. */
export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description(
      "seed the demo shop (rules, tiers, a reward, an API key), post the Shopify fixtures, show balances and curl commands",
    )
    .option(
      "--ingest-url <url>",
      "ingest to post to (default: the running `loyalty start`, else http://127.0.0.1:INGEST_PORT)",
    )
    .option(
      "--query-url <url>",
      "query API to read from (default: the running `loyalty start`, else http://127.0.0.1:QUERY_PORT)",
    )
    .option("--fixtures <dir>", "the Shopify fixtures", DEFAULT_FIXTURES_DIR)
    .option("--timeout <seconds>", "how long to wait for the processor", seconds, 60)
    .addHelpText(
      "after",
      "\nSeeds DATABASE_URL (default: the database of the running `loyalty start`) and signs the\n" +
        "webhooks with SHOPIFY_API_SECRET (default: the public development secret, as ingest).",
    )
    .action(lazyAction(() => import("../demo/demo-action.ts").then((m) => m.demoAction)));
}
