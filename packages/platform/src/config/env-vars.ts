import { z } from "zod";

/*
 * Building blocks for environment variables. Every builder states its problem as the
 * tail of a sentence ("must be …") because loadConfig prefixes the variable's name:
 * `STREAM_PARTITIONS must be an integer between 1 and 1024 (got "abc")`.
 */

export interface IntegerVarOptions {
  min: number;
  max: number;
  default?: number;
  /** Unit shown in the message, e.g. "milliseconds". */
  unit?: string;
}

/** An integer in [min, max]; `z.coerce` because the environment only holds strings. */
export function integerVar(
  options: IntegerVarOptions & { default: number },
): z.ZodDefault<z.ZodCoercedNumber>;
export function integerVar(options: IntegerVarOptions): z.ZodCoercedNumber;
export function integerVar(
  options: IntegerVarOptions,
): z.ZodCoercedNumber | z.ZodDefault<z.ZodCoercedNumber> {
  const unit = options.unit === undefined ? "" : ` ${options.unit}`;
  const error = `must be an integer between ${options.min} and ${options.max}${unit}`;
  const schema = z.coerce
    .number({ error })
    .int({ error })
    .min(options.min, { error })
    .max(options.max, { error });
  return options.default === undefined ? schema : schema.default(options.default);
}

/** A TCP port. 0 is allowed: it asks the OS for a free port, which tests rely on. */
export function portVar(defaultPort: number): z.ZodDefault<z.ZodCoercedNumber> {
  return integerVar({ min: 0, max: 65_535, default: defaultPort });
}

/** A URL whose scheme is one of `protocols` (without the colon). */
export function urlVar(protocols: readonly [string, ...string[]]) {
  const pattern = new RegExp(`^(${protocols.join("|")})$`);
  const error = `must be a URL starting with ${protocols.map((p) => `${p}://`).join(" or ")}`;
  return z.url({ protocol: pattern, error });
}

export const RedisUrl = urlVar(["redis", "rediss"]);
export const PostgresUrl = urlVar(["postgres", "postgresql"]);

/** Splits a comma-separated list, trimming blanks, so "a, b,," is ["a", "b"]. */
export function splitList(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

export const RedisClusterNode = z.object({ host: z.string(), port: z.number().int() });
export type RedisClusterNode = z.infer<typeof RedisClusterNode>;

/** Parses `host:port` or `[ipv6]:port`; undefined when malformed. */
export function parseHostPort(entry: string): RedisClusterNode | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(entry);
  if (match === null) return undefined;
  const host = match[1] ?? match[2];
  const port = Number(match[3]);
  if (host === undefined || port < 1 || port > 65_535) return undefined;
  return { host, port };
}

/** `host:port,host:port` → nodes; at least one node when the variable is set. */
export const RedisClusterNodes = z.string().transform((value, ctx) => {
  const entries = splitList(value);
  const nodes = entries.map(parseHostPort);
  const bad = entries.find((_, index) => nodes[index] === undefined);
  if (entries.length === 0 || bad !== undefined) {
    ctx.issues.push({
      code: "custom",
      input: value,
      message: `must be a comma-separated list of host:port${bad === undefined ? "" : ` ("${bad}" is not)`}`,
    });
    return z.NEVER;
  }
  return nodes.filter((node): node is RedisClusterNode => node !== undefined);
});

/**
 * Hostnames or IP addresses (`hooks.local.test,127.0.0.1,[::1]`), lowercased and without
 * brackets. No ports, paths or wildcards: an exception names one host exactly.
 */
export const HostList = z.string().transform((value, ctx) => {
  const hosts = splitList(value).map((host) => host.toLowerCase().replace(/^\[(.*)\]$/, "$1"));
  const bad = hosts.find((host) => !/^[a-z0-9.:_-]+$/.test(host) || /^[0-9a-z.-]+:\d+$/.test(host));
  if (bad !== undefined) {
    ctx.issues.push({
      code: "custom",
      input: value,
      message: `must be a comma-separated list of hostnames or IP addresses, without ports ("${bad}" is not)`,
    });
    return z.NEVER;
  }
  return hosts;
});

/** Browser origins (`https://shop.example`), or `*` alone for any origin. */
export const OriginList = z.string().transform((value, ctx) => {
  const origins = splitList(value);
  if (origins.length === 1 && origins[0] === "*") return origins;
  const bad = origins.find((origin) => !isOrigin(origin));
  if (origins.length === 0 || bad !== undefined) {
    ctx.issues.push({
      code: "custom",
      input: value,
      message: `must be "*" or a comma-separated list of origins like https://shop.example${bad === undefined ? "" : ` ("${bad}" is not)`}`,
    });
    return z.NEVER;
  }
  return origins;
});

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === value;
  } catch {
    return false;
  }
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export const LogLevel = z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` });
export type LogLevel = z.infer<typeof LogLevel>;

export const NODE_ENVS = ["development", "test", "production"] as const;
export const NodeEnv = z.enum(NODE_ENVS, { error: `must be one of ${NODE_ENVS.join(", ")}` });
export type NodeEnv = z.infer<typeof NodeEnv>;

/** A listen address: hostname, IPv4 or IPv6 literal. */
export const Host = z
  .string()
  .regex(/^[A-Za-z0-9.:-]{1,253}$/, { error: "must be a hostname or IP address, e.g. 0.0.0.0 or ::" });
