import { createRedis, type RedisClient, type RedisMode, type StreamsLogger } from "./client.ts";

/** The Redis part of every service's parsed environment (see @loyalty/platform's BaseEnv). */
export interface RedisEnv {
  REDIS_URL: string;
  REDIS_CLUSTER_NODES?: Array<{ host: string; port: number }> | undefined;
}

/** One Redis client from the environment: Cluster when REDIS_CLUSTER_NODES is set, else REDIS_URL. */
export function redisFromEnv(
  env: RedisEnv,
  name: string,
  mode: RedisMode,
  logger?: StreamsLogger,
): RedisClient {
  const clusterNodes = env.REDIS_CLUSTER_NODES?.map((node) => `${node.host}:${node.port}`);
  return createRedis({
    url: env.REDIS_URL,
    ...(clusterNodes?.length ? { clusterNodes } : {}),
    name,
    mode,
    ...(logger ? { logger } : {}),
  });
}
