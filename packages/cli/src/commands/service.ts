import { DispatcherEnv, IngestEnv, ProcessorEnv, QueryEnv } from "@loyalty/platform";
import type { Command } from "commander";
import { commandConfig } from "../env.ts";
import { loadService } from "../service-loader.ts";

interface Started {
  close: () => Promise<void>;
}

/** `loyalty ingest|processor|dispatcher|query`: one service in the foreground. */
export function registerServiceCommands(program: Command): void {
  program
    .command("ingest")
    .description("run the Shopify webhook receiver (INGEST_PORT, default 3000)")
    .action(async () => {
      const { startIngest } = await loadService<{ startIngest: (c: IngestEnv) => Promise<Started> }>(
        "ingest",
      );
      await startIngest(commandConfig(IngestEnv));
    });
  program
    .command("processor")
    .description("run a consumer-group worker: events into points (metrics on METRICS_PORT, default 9101)")
    .action(async () => {
      const { startProcessor } = await loadService<{ startProcessor: (c: ProcessorEnv) => Promise<Started> }>(
        "processor",
      );
      await startProcessor(commandConfig(ProcessorEnv));
    });
  program
    .command("dispatcher")
    .description("run the outbound webhook dispatcher (metrics on METRICS_PORT, default 9102)")
    .action(async () => {
      const { startDispatcher } = await loadService<{
        startDispatcher: (c: DispatcherEnv) => Promise<Started>;
      }>("dispatcher");
      await startDispatcher(commandConfig(DispatcherEnv));
    });
  program
    .command("query")
    .description("run the read, admin and storefront API (QUERY_PORT, default 3001)")
    .action(async () => {
      const { startQuery } = await loadService<{ startQuery: (c: QueryEnv) => Promise<Started> }>("query");
      await startQuery(commandConfig(QueryEnv));
    });
}
