import path from "node:path";
import { maskUrlPassword } from "@loyalty/platform";
import { startEmbeddedPostgres } from "./embedded-postgres.ts";
import { type EmbeddedServer, startEmbeddedRedis } from "./embedded-redis.ts";
import { probePostgres, probeRedis } from "./probe.ts";

export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
export const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/loyalty";

export interface ResolvedServer {
  url: string;
  /** Where it came from, for the summary: "REDIS_URL", "found on …", "embedded in …". */
  source: string;
  /** Set when we started it: stop it after the services. */
  embedded: EmbeddedServer | null;
}

export interface ResolveOptions {
  /** From the environment; when set it is used as is. */
  configuredUrl: string | undefined;
  /** Start an embedded server even when the default address answers. */
  forceEmbedded: boolean;
  localDir: string;
  log: (line: string) => void;
}

/** REDIS_URL, else a Redis answering PING on the default address, else redis-server from PATH. */
export async function resolveRedis(options: ResolveOptions): Promise<ResolvedServer> {
  if (options.configuredUrl) return { url: options.configuredUrl, source: "REDIS_URL", embedded: null };
  if (!options.forceEmbedded) {
    const probe = await probeRedis(DEFAULT_REDIS_URL);
    if (probe.ok) return { url: DEFAULT_REDIS_URL, source: "found on 127.0.0.1:6379", embedded: null };
    if (probe.reason !== "nothing listens there") {
      options.log(`127.0.0.1:6379 answered but is not usable (${probe.reason}); starting an embedded Redis`);
    }
  }
  const dir = path.join(options.localDir, "redis");
  const embedded = await startEmbeddedRedis(dir, options.log);
  return { url: embedded.url, source: `embedded redis-server, data in ${dir}`, embedded };
}

/** DATABASE_URL, else a Postgres answering SELECT 1 on the default address, else embedded Postgres. */
export async function resolvePostgres(options: ResolveOptions): Promise<ResolvedServer> {
  if (options.configuredUrl) return { url: options.configuredUrl, source: "DATABASE_URL", embedded: null };
  if (!options.forceEmbedded) {
    const probe = await probePostgres(DEFAULT_DATABASE_URL);
    if (probe.ok) return { url: DEFAULT_DATABASE_URL, source: "found on 127.0.0.1:5432", embedded: null };
    if (probe.reason !== "nothing listens there") {
      options.log(
        `${maskUrlPassword(DEFAULT_DATABASE_URL)} answered but is not usable (${probe.reason}); starting an embedded Postgres`,
      );
    }
  }
  const dir = path.join(options.localDir, "postgres");
  const embedded = await startEmbeddedPostgres(dir, "loyalty", options.log);
  return { url: embedded.url, source: `embedded Postgres, data in ${dir}`, embedded };
}
