import { ensureAdminUiBuilt } from "@loyalty/admin-ui";
import {
  createLogger,
  DEVELOPMENT_SHOPIFY_API_SECRET,
  DispatcherEnv,
  IngestEnv,
  installGracefulShutdown,
  maskUrlPassword,
  ProcessorEnv,
  QueryEnv,
} from "@loyalty/platform";
import { explainDatabaseError } from "../database.ts";
import { commandConfig } from "../env.ts";
import { describeMigration, runMigrations } from "../migrations.ts";
import {
  DEFAULT_DATABASE_URL,
  DEFAULT_REDIS_URL,
  type ResolvedServer,
  resolvePostgres,
  resolveRedis,
} from "./local-servers.ts";
import { closeServices, type RunningService, type ServicePlan, startServices } from "./run-services.ts";
import { writeStackFile } from "./stack-file.ts";
import { metricsPorts, StartEnv } from "./start-env.ts";

function say(line: string): void {
  process.stdout.write(`loyalty start: ${line}\n`);
}

/** Every service's config from the environment with our URLs and metrics ports; exit 2 on a bad variable. */
function servicePlans(env: StartEnv, redisUrl: string, databaseUrl: string): ServicePlan[] {
  const ports = metricsPorts(env);
  const source = { ...process.env, REDIS_URL: redisUrl, DATABASE_URL: databaseUrl };
  const ingest = commandConfig(IngestEnv, source);
  const query = commandConfig(QueryEnv, source);
  const processor = commandConfig(ProcessorEnv, { ...source, METRICS_PORT: String(ports.processor) });
  const dispatcher = commandConfig(DispatcherEnv, { ...source, METRICS_PORT: String(ports.dispatcher) });
  return [
    {
      name: "ingest",
      exportName: "startIngest",
      config: ingest,
      port: ingest.INGEST_PORT,
      portVariable: "INGEST_PORT",
      stage: "api",
    },
    {
      name: "query",
      exportName: "startQuery",
      config: query,
      port: query.QUERY_PORT,
      portVariable: "QUERY_PORT",
      stage: "api",
    },
    {
      name: "processor",
      exportName: "startProcessor",
      config: processor,
      port: processor.METRICS_PORT,
      portVariable: "PROCESSOR_METRICS_PORT",
      stage: "worker",
    },
    {
      name: "dispatcher",
      exportName: "startDispatcher",
      config: dispatcher,
      port: dispatcher.METRICS_PORT,
      portVariable: "DISPATCHER_METRICS_PORT",
      stage: "worker",
    },
  ];
}

/**
 * `loyalty start`: Redis and Postgres (given, found on the defaults, or embedded), migrations,
 * then the four services in this process under one graceful shutdown that stops, in order:
 * the stack file, the HTTP APIs, the workers, then the embedded Postgres and Redis.
 */
export async function startStack(options: { forceEmbedded: boolean }): Promise<void> {
  const env = commandConfig(StartEnv);
  servicePlans(env, DEFAULT_REDIS_URL, DEFAULT_DATABASE_URL); // fail on a bad variable before starting anything
  const logger = createLogger({ name: "loyalty", level: env.LOG_LEVEL });
  const closers: Array<{ name: string; close: () => Promise<void> }> = [];
  const closeAll = async () => {
    let failure: unknown = null;
    for (let closer = closers.pop(); closer; closer = closers.pop()) {
      await closer.close().catch((error: unknown) => {
        logger.error({ err: error }, `${closer?.name} did not close cleanly`);
        failure ??= error;
      });
    }
    if (failure !== null) throw failure;
  };
  installGracefulShutdown({ logger, close: closeAll, delayMs: 30_000 });

  try {
    const keep = (server: ResolvedServer, name: string) => {
      if (server.embedded) closers.push({ name, close: server.embedded.stop });
      return server;
    };
    const resolve = { forceEmbedded: options.forceEmbedded, localDir: env.LOYALTY_LOCAL_DIR, log: say };
    const redis = keep(
      await resolveRedis({
        ...resolve,
        configuredUrl: env.REDIS_URL ?? (env.REDIS_CLUSTER_NODES ? DEFAULT_REDIS_URL : undefined),
      }),
      "embedded Redis",
    );
    const postgres = keep(
      await resolvePostgres({ ...resolve, configuredUrl: env.DATABASE_URL }),
      "embedded Postgres",
    );

    for (const line of describeMigration(
      await runMigrations(postgres.url).catch((error: unknown) => {
        throw explainDatabaseError(error, postgres.url);
      }),
    )) {
      say(line);
    }

    await ensureAdminUiBuilt(say).catch((error: unknown) => {
      // The API works without the dashboard: say why /admin will answer 503, and go on.
      say(`the admin dashboard did not build (${String(error).split("\n")[0]}); /admin answers 503`);
    });

    const plans = servicePlans(env, redis.url, postgres.url);
    const running = await startServices(plans, say);
    closers.push({ name: "services", close: () => closeServices(running) });

    const ingest = plans[0]!.config as IngestEnv;
    const url = (name: string) => {
      const service = running.find((s) => s.name === name);
      return service ? `http://localhost:${service.port}` : null;
    };
    closers.push({
      name: "stack file",
      close: await writeStackFile(env.LOYALTY_LOCAL_DIR, {
        pid: process.pid,
        ingestUrl: url("ingest"),
        queryUrl: url("query"),
        redisUrl: redis.url,
        databaseUrl: postgres.url,
        streamPrefix: ingest.STREAM_PREFIX,
        developmentSecret: ingest.SHOPIFY_API_SECRET === DEVELOPMENT_SHOPIFY_API_SECRET,
        startedAt: new Date().toISOString(),
      }),
    });
    printSummary(running, redis, postgres, ingest.SHOPIFY_API_SECRET);
  } catch (error) {
    await closeAll().catch(() => {});
    throw error;
  }
}

function printSummary(
  running: readonly RunningService[],
  redis: ResolvedServer,
  postgres: ResolvedServer,
  secret: string,
): void {
  const lines = running.map((service) => {
    const base = `http://localhost:${service.port}`;
    const what: Record<string, string> = {
      ingest: `${base}/webhooks/shopify  (health ${base}/readyz, metrics ${base}/metrics)`,
      query: `${base}/v1  (OpenAPI ${base}/docs, health ${base}/readyz)`,
      processor: `metrics ${base}/metrics  (health ${base}/readyz)`,
      dispatcher: `metrics ${base}/metrics  (health ${base}/readyz)`,
    };
    return `  ${service.name.padEnd(10)}  ${what[service.name]}`;
  });
  const query = running.find((service) => service.name === "query");
  if (query) {
    lines.push(
      `  ${"admin".padEnd(10)}  http://localhost:${query.port}/admin  (sign in with an API key; pnpm loyalty demo prints one)`,
    );
  }
  const secretLine =
    secret === DEVELOPMENT_SHOPIFY_API_SECRET
      ? `SHOPIFY_API_SECRET=${secret}  (the public development default; set SHOPIFY_API_SECRET for a real app)`
      : "SHOPIFY_API_SECRET from your environment (not shown)";
  process.stdout.write(
    [
      "",
      "Loyalty Streams is running — Ctrl-C stops everything.",
      ...lines,
      `  ${"redis".padEnd(10)}  ${maskUrlPassword(redis.url)}  (${redis.source})`,
      `  ${"postgres".padEnd(10)}  ${maskUrlPassword(postgres.url)}  (${postgres.source})`,
      `  ${secretLine}`,
      "Try it: pnpm loyalty demo",
      "",
    ].join("\n"),
  );
  process.stdout.write("\n");
}
