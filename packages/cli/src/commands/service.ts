import type { Command } from "commander";
import { lazyAction } from "../lazy-action.ts";

const actions = () => import("../actions/service.ts");

/** `loyalty ingest|processor|dispatcher|query`: one service in the foreground. */
export function registerServiceCommands(program: Command): void {
  program
    .command("ingest")
    .description("run the Shopify webhook receiver (INGEST_PORT, default 3000)")
    .action(lazyAction(() => actions().then((m) => m.runIngest)));
  program
    .command("processor")
    .description("run a consumer-group worker: events into points (metrics on METRICS_PORT, default 9101)")
    .action(lazyAction(() => actions().then((m) => m.runProcessor)));
  program
    .command("dispatcher")
    .description("run the outbound webhook dispatcher (metrics on METRICS_PORT, default 9102)")
    .action(lazyAction(() => actions().then((m) => m.runDispatcher)));
  program
    .command("query")
    .description("run the read, admin and storefront API (QUERY_PORT, default 3001)")
    .action(lazyAction(() => actions().then((m) => m.runQuery)));
}
