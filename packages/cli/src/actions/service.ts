import { DispatcherEnv, IngestEnv, ProcessorEnv, QueryEnv } from "@loyalty/platform";
import { commandConfig } from "../env.ts";
import { loadService } from "../service-loader.ts";

interface Started {
  close: () => Promise<void>;
}

/** One service in the foreground; it owns its own graceful shutdown (SIGINT/SIGTERM). */
export async function runIngest(): Promise<void> {
  const { startIngest } = await loadService<{ startIngest: (c: IngestEnv) => Promise<Started> }>("ingest");
  await startIngest(commandConfig(IngestEnv));
}

export async function runProcessor(): Promise<void> {
  const { startProcessor } = await loadService<{ startProcessor: (c: ProcessorEnv) => Promise<Started> }>(
    "processor",
  );
  await startProcessor(commandConfig(ProcessorEnv));
}

export async function runDispatcher(): Promise<void> {
  const { startDispatcher } = await loadService<{ startDispatcher: (c: DispatcherEnv) => Promise<Started> }>(
    "dispatcher",
  );
  await startDispatcher(commandConfig(DispatcherEnv));
}

export async function runQuery(): Promise<void> {
  const { startQuery } = await loadService<{ startQuery: (c: QueryEnv) => Promise<Started> }>("query");
  await startQuery(commandConfig(QueryEnv));
}
