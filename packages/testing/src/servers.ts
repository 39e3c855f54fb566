import { canConnect, hostPort } from "./probe.ts";

export const LOCAL_REDIS_URL = "redis://127.0.0.1:6379";
export const LOCAL_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestServers {
  redisUrl: string;
  /** An admin connection URL; test databases are created next to it. */
  databaseUrl: string;
  stop: () => Promise<void>;
}

/**
 * Where the tests' Redis and Postgres live: TEST_REDIS_URL / TEST_DATABASE_URL when set,
 * else the local servers, else containers (for developers with Docker), else one clear line.
 */
export async function resolveTestServers(env: NodeJS.ProcessEnv = process.env): Promise<TestServers> {
  const redisUrl = env.TEST_REDIS_URL ?? ((await reachable(LOCAL_REDIS_URL, 6379)) ? LOCAL_REDIS_URL : null);
  const databaseUrl =
    env.TEST_DATABASE_URL ?? ((await reachable(LOCAL_DATABASE_URL, 5432)) ? LOCAL_DATABASE_URL : null);
  if (redisUrl && databaseUrl) return { redisUrl, databaseUrl, stop: async () => {} };
  return startContainers(redisUrl, databaseUrl);
}

async function reachable(url: string, port: number): Promise<boolean> {
  const target = hostPort(url, port);
  return canConnect(target.host, target.port);
}

async function startContainers(redisUrl: string | null, databaseUrl: string | null): Promise<TestServers> {
  const missing = [
    !redisUrl && "Redis on 127.0.0.1:6379",
    !databaseUrl && "PostgreSQL on 127.0.0.1:5432",
  ].filter(Boolean);
  let testcontainers: typeof import("testcontainers");
  try {
    testcontainers = await import("testcontainers");
    await testcontainers.getContainerRuntimeClient();
  } catch {
    throw new Error(
      `Tests need ${missing.join(" and ")}: start them (or set TEST_REDIS_URL / TEST_DATABASE_URL), or run Docker so testcontainers can.`,
    );
  }
  const { GenericContainer, Wait } = testcontainers;
  const stops: Array<() => Promise<unknown>> = [];
  let redis = redisUrl;
  let database = databaseUrl;
  if (!redis) {
    const container = await new GenericContainer("redis:7-alpine").withExposedPorts(6379).start();
    stops.push(() => container.stop());
    redis = `redis://${container.getHost()}:${container.getMappedPort(6379)}`;
  }
  if (!database) {
    const container = await new GenericContainer("postgres:16-alpine")
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: "trust" })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    stops.push(() => container.stop());
    database = `postgres://postgres@${container.getHost()}:${container.getMappedPort(5432)}/postgres`;
  }
  return {
    redisUrl: redis,
    databaseUrl: database,
    stop: async () => {
      await Promise.all(stops.map((stop) => stop()));
    },
  };
}
