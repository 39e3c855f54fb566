import { isLoyaltyError } from "@loyalty/core";
import { describe, expect, it } from "vitest";
import { BaseEnv, DEVELOPMENT_SHOPIFY_API_SECRET } from "./base-env.ts";
import { ConfigError, type EnvSource, loadConfig } from "./load-config.ts";
import { DispatcherEnv, IngestEnv, ProcessorEnv, QueryEnv } from "./service-envs.ts";
import { allConfigVariableNames } from "./variable-names.ts";

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

const production: EnvSource = { NODE_ENV: "production", SHOPIFY_API_SECRET: "shpss_live_secret" };

describe("loadConfig defaults", () => {
  it("gives every service its documented defaults from an empty environment", () => {
    const ingest = loadConfig(IngestEnv, {});
    expect(ingest).toMatchObject({
      NODE_ENV: "development",
      LOG_LEVEL: "info",
      REDIS_URL: "redis://127.0.0.1:6379",
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/loyalty",
      STREAM_PARTITIONS: 16,
      STREAM_PREFIX: "loyalty",
      INGEST_PORT: 3000,
      HOST: "0.0.0.0",
      INGEST_BODY_LIMIT: 1024 * 1024,
      DEDUPE_TTL_SECONDS: 7 * 24 * 3600,
    });
    expect(ingest.REDIS_CLUSTER_NODES).toBeUndefined();
    expect(ingest.OPS_TOKEN).toBeUndefined();
    expect(loadConfig(QueryEnv, {})).toMatchObject({ QUERY_PORT: 3001, RATE_LIMIT_MAX: 600 });
    expect(loadConfig(ProcessorEnv, {})).toMatchObject({
      METRICS_PORT: 9101,
      BATCH_SIZE: 500,
      BLOCK_MS: 1000,
      PROCESSING_TIMEOUT_MS: 60_000,
      MAX_ATTEMPTS: 8,
      MAX_DELIVERIES: 10,
      RETRY_BASE_MS: 1000,
      RETRY_CAP_MS: 3_600_000,
    });
    expect(loadConfig(DispatcherEnv, {})).toMatchObject({
      METRICS_PORT: 9102,
      WEBHOOK_TIMEOUT_MS: 5000,
      WEBHOOK_MAX_ATTEMPTS: 10,
      WEBHOOK_CONCURRENCY: 32,
    });
  });

  it("falls back to the public development Shopify secret outside production", () => {
    const env = loadConfig(IngestEnv, { NODE_ENV: "development" });
    expect(env.SHOPIFY_API_SECRET).toBe(DEVELOPMENT_SHOPIFY_API_SECRET);
    expect(env.SHOPIFY_API_SECRETS).toEqual([DEVELOPMENT_SHOPIFY_API_SECRET]);
  });

  it("coerces numbers and treats empty values as unset", () => {
    const env = loadConfig(ProcessorEnv, { STREAM_PARTITIONS: "64", BATCH_SIZE: "", METRICS_PORT: " " });
    expect(env.STREAM_PARTITIONS).toBe(64);
    expect(env.BATCH_SIZE).toBe(500);
    expect(env.METRICS_PORT).toBe(9101);
  });

  it("parses Redis Cluster seed nodes, IPv6 included", () => {
    const env = loadConfig(BaseEnv, { REDIS_CLUSTER_NODES: "redis-1:7000, [::1]:7001" });
    expect(env.REDIS_CLUSTER_NODES).toEqual([
      { host: "redis-1", port: 7000 },
      { host: "::1", port: 7001 },
    ]);
  });

  it("accepts a list of CORS origins or a lone star", () => {
    expect(
      loadConfig(QueryEnv, { CORS_ORIGINS: "https://a.example, http://localhost:5173" }).CORS_ORIGINS,
    ).toEqual(["https://a.example", "http://localhost:5173"]);
    expect(loadConfig(QueryEnv, { CORS_ORIGINS: "*" }).CORS_ORIGINS).toEqual(["*"]);
  });

  it("reads WEBHOOK_ALLOWED_HOSTS as lowercased hosts for query and dispatcher, empty by default", () => {
    expect(loadConfig(QueryEnv, {}).WEBHOOK_ALLOWED_HOSTS).toEqual([]);
    expect(
      loadConfig(DispatcherEnv, { WEBHOOK_ALLOWED_HOSTS: "LocalHost, 127.0.0.1,[::1]" })
        .WEBHOOK_ALLOWED_HOSTS,
    ).toEqual(["localhost", "127.0.0.1", "::1"]);
  });
});

describe("loadConfig errors", () => {
  it("refuses a WEBHOOK_ALLOWED_HOSTS entry with a port or a path", () => {
    for (const value of ["localhost:4000", "https://hooks.test", "*.example.com"]) {
      expect(configError(() => loadConfig(QueryEnv, { WEBHOOK_ALLOWED_HOSTS: value })).message).toMatch(
        /^Invalid environment: WEBHOOK_ALLOWED_HOSTS must be a comma-separated list of hostnames/,
      );
    }
  });

  it("names a bad STREAM_PARTITIONS in one line with the value it got", () => {
    const error = configError(() => loadConfig(BaseEnv, { STREAM_PARTITIONS: "abc" }));
    expect(error.message).toBe(
      'Invalid environment: STREAM_PARTITIONS must be an integer between 1 and 1024 (got "abc")',
    );
    expect(isLoyaltyError(error, "invalid_config")).toBe(true);
    expect(error.details).toEqual([
      { variable: "STREAM_PARTITIONS", message: 'must be an integer between 1 and 1024 (got "abc")' },
    ]);
  });

  it("refuses partitions out of range or fractional", () => {
    for (const value of ["0", "1025", "1.5", "-3"]) {
      expect(() => loadConfig(BaseEnv, { STREAM_PARTITIONS: value })).toThrow(
        /STREAM_PARTITIONS must be an integer/,
      );
    }
  });

  it("names a malformed REDIS_URL in one line", () => {
    const error = configError(() => loadConfig(BaseEnv, { REDIS_URL: "localhost:6379" }));
    expect(error.message).toBe(
      'Invalid environment: REDIS_URL must be a URL starting with redis:// or rediss:// (got "localhost:6379")',
    );
  });

  it("hides the password of a rejected connection string", () => {
    const error = configError(() => loadConfig(BaseEnv, { DATABASE_URL: "mysql://app:hunter2@db:3306/x" }));
    expect(error.message).toContain('(got "mysql://app:***@db:3306/x")');
    expect(error.message).not.toContain("hunter2");
  });

  it("refuses an OPS_TOKEN under 16 characters without echoing it", () => {
    const error = configError(() => loadConfig(QueryEnv, { OPS_TOKEN: "tiny-token" }));
    expect(error.message).toBe(
      "Invalid environment: OPS_TOKEN must be at least 16 characters (got 10 characters)",
    );
    expect(error.message).not.toContain("tiny-token");
  });

  it("reports every bad variable on a single line", () => {
    const error = configError(() => loadConfig(IngestEnv, { INGEST_PORT: "http", LOG_LEVEL: "loud" }));
    expect(error.message.split("\n")).toHaveLength(1);
    expect(error.message).toContain("INGEST_PORT must be an integer between 0 and 65535");
    expect(error.message).toContain(
      "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent",
    );
  });

  it("rejects a malformed Redis Cluster node list, naming the bad entry", () => {
    const error = configError(() => loadConfig(BaseEnv, { REDIS_CLUSTER_NODES: "redis-1:7000,redis-2" }));
    expect(error.message).toContain(
      'REDIS_CLUSTER_NODES must be a comma-separated list of host:port ("redis-2" is not)',
    );
  });

  it("refuses a dedupe window shorter than Shopify's 48 h retry period plus margin", () => {
    expect(() => loadConfig(IngestEnv, { DEDUPE_TTL_SECONDS: String(48 * 3600) })).toThrow(
      /DEDUPE_TTL_SECONDS/,
    );
    expect(loadConfig(IngestEnv, { DEDUPE_TTL_SECONDS: String(72 * 3600) }).DEDUPE_TTL_SECONDS).toBe(259_200);
  });

  it("refuses a retry base delay above the cap", () => {
    const error = configError(() =>
      loadConfig(ProcessorEnv, { RETRY_BASE_MS: "5000", RETRY_CAP_MS: "1000" }),
    );
    expect(error.message).toBe(
      'Invalid environment: RETRY_BASE_MS must not exceed RETRY_CAP_MS (1000) (got "5000")',
    );
  });

  it("refuses a stream prefix with braces, which would break cluster hash tags", () => {
    expect(() => loadConfig(BaseEnv, { STREAM_PREFIX: "loy{alty}" })).toThrow(/STREAM_PREFIX/);
  });
});

describe("the Shopify secret in production", () => {
  it("is required", () => {
    const error = configError(() => loadConfig(IngestEnv, { NODE_ENV: "production" }));
    expect(error.message).toBe(
      "Invalid environment: SHOPIFY_API_SECRET is required when NODE_ENV=production (the API secret of the Shopify app)",
    );
  });

  it("may not be the public development value", () => {
    const error = configError(() =>
      loadConfig(QueryEnv, { NODE_ENV: "production", SHOPIFY_API_SECRET: DEVELOPMENT_SHOPIFY_API_SECRET }),
    );
    expect(error.message).toContain("SHOPIFY_API_SECRET must not be the public development secret");
    expect(error.message).not.toContain(DEVELOPMENT_SHOPIFY_API_SECRET);
  });

  it("accepts older secrets during rotation, current one first", () => {
    const env = loadConfig(IngestEnv, { ...production, SHOPIFY_API_SECRETS: "shpss_old, shpss_live_secret" });
    expect(env.SHOPIFY_API_SECRET).toBe("shpss_live_secret");
    expect(env.SHOPIFY_API_SECRETS).toEqual(["shpss_live_secret", "shpss_old"]);
  });

  it("is not demanded from the workers, which never verify Shopify signatures", () => {
    expect(loadConfig(ProcessorEnv, { NODE_ENV: "production" }).NODE_ENV).toBe("production");
    expect(loadConfig(DispatcherEnv, { NODE_ENV: "production" }).NODE_ENV).toBe("production");
  });
});

describe("allConfigVariableNames", () => {
  it("contains every variable CONTRACT.md and the services document", () => {
    const names = allConfigVariableNames();
    const documented = [
      "REDIS_URL",
      "REDIS_CLUSTER_NODES",
      "DATABASE_URL",
      "DATABASE_READ_URL",
      "SHOPIFY_API_SECRET",
      "SHOPIFY_API_SECRETS",
      "STREAM_PARTITIONS",
      "STREAM_PREFIX",
      "LOG_LEVEL",
      "OPS_TOKEN",
      "NODE_ENV",
      "INGEST_PORT",
      "QUERY_PORT",
      "METRICS_PORT",
      "HOST",
      "INGEST_BODY_LIMIT",
      "DEDUPE_TTL_SECONDS",
      "RATE_LIMIT_MAX",
      "CORS_ORIGINS",
      "CONSUMER_NAME",
      "BATCH_SIZE",
      "BLOCK_MS",
      "PROCESSING_TIMEOUT_MS",
      "MAX_ATTEMPTS",
      "MAX_DELIVERIES",
      "RETRY_BASE_MS",
      "RETRY_CAP_MS",
      "WEBHOOK_TIMEOUT_MS",
      "WEBHOOK_MAX_ATTEMPTS",
      "WEBHOOK_CONCURRENCY",
      "WEBHOOK_ALLOWED_HOSTS",
      // Shops and the Shopify Admin API (CONTRACT.md), read by the query service.
      "SHOPIFY_API_KEY",
      "SHOPIFY_SCOPES",
      "SHOPIFY_APP_URL",
      "SHOPIFY_API_VERSION",
      "SHOPIFY_ADMIN_ORIGIN",
      "TOKEN_ENCRYPTION_KEY",
      "TOKEN_ENCRYPTION_PREVIOUS_KEYS",
    ];
    expect([...names].sort()).toEqual([...documented].sort());
  });
});
