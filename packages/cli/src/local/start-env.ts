import { LogLevel, PostgresUrl, portVar, RedisUrl } from "@loyalty/platform";
import { z } from "zod";
import { DEFAULT_LOCAL_DIR } from "../repo-root.ts";

const optionalPort = portVar(0).unwrap().optional();

/**
 * What `loyalty start` reads on top of the services' own variables. The URLs have no default
 * here because "unset" means "find or start one"; the metrics ports exist because processor
 * and dispatcher both read METRICS_PORT and share one process under `start`.
 */
export const StartEnv = z.object({
  LOG_LEVEL: LogLevel.default("info"),
  /** Use this Redis; unset: 127.0.0.1:6379 if it answers PING, else an embedded redis-server. */
  REDIS_URL: RedisUrl.optional(),
  /** Set means Redis Cluster: never replaced by an embedded Redis. */
  REDIS_CLUSTER_NODES: z.string().optional(),
  /** Use this Postgres; unset: 127.0.0.1:5432 if it answers SELECT 1, else embedded Postgres. */
  DATABASE_URL: PostgresUrl.optional(),
  /** Processor health/metrics port under `start` (default METRICS_PORT, else 9101). */
  PROCESSOR_METRICS_PORT: optionalPort,
  /** Dispatcher health/metrics port under `start` (default METRICS_PORT + 1, else 9102). */
  DISPATCHER_METRICS_PORT: optionalPort,
  METRICS_PORT: optionalPort,
  /** Where embedded servers keep their data and `start` leaves stack.json (default <repo>/.loyalty). */
  LOYALTY_LOCAL_DIR: z.string().min(1).default(DEFAULT_LOCAL_DIR),
});
export type StartEnv = z.infer<typeof StartEnv>;

export function metricsPorts(env: StartEnv): { processor: number; dispatcher: number } {
  const base = env.METRICS_PORT;
  return {
    processor: env.PROCESSOR_METRICS_PORT ?? base ?? 9101,
    // Port 0 means "any free port" for both; otherwise the next port up.
    dispatcher: env.DISPATCHER_METRICS_PORT ?? (base === undefined ? 9102 : base === 0 ? 0 : base + 1),
  };
}
