import { type DestinationStream, type Logger, pino } from "pino";
import { maskUrlPassword } from "./mask-url.ts";

export type { Logger } from "pino";

export interface CreateLoggerOptions {
  /** Process name (`ingest`, `processor`, …), written as `name` on every line. */
  name: string;
  /** pino level; LOG_LEVEL from the config. */
  level: string;
  /** Where lines go; stdout when omitted. Tests pass a stream they read. */
  destination?: DestinationStream;
  /** Extra redaction paths, pino syntax, on top of the defaults. */
  redact?: string[];
}

/** Headers that carry credentials or signatures, in any object holding `headers`. */
const SECRET_HEADERS = [
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "x-shopify-hmac-sha256",
  "x-loyalty-signature",
];

/** Keys whose value is a secret wherever they appear (config objects, options, errors). */
const SECRET_KEYS = [
  "secret",
  "password",
  "apiKey",
  "token",
  "SHOPIFY_API_SECRET",
  "SHOPIFY_API_SECRETS",
  "OPS_TOKEN",
];

/** Connection strings: only their password is hidden, the host stays useful for debugging. */
const URL_KEYS = ["REDIS_URL", "DATABASE_URL", "DATABASE_READ_URL"];

export const REDACT_PATHS: readonly string[] = [
  ...SECRET_HEADERS.flatMap((header) => [`headers["${header}"]`, `*.headers["${header}"]`]),
  ...[...SECRET_KEYS, ...URL_KEYS].flatMap((key) => [key, `*.${key}`]),
];

const REDACTED = "[Redacted]";

function censor(value: unknown, path: string[]): unknown {
  const key = path[path.length - 1] ?? "";
  if (URL_KEYS.includes(key) && typeof value === "string") return maskUrlPassword(value);
  return REDACTED;
}

/**
 * JSON logger for one process. Levels are written as labels ("info") rather than pino's
 * numbers because log stores and humans filter on them; times are ISO-8601 for the same
 * reason. Writes are synchronous (pino's default for stdout) so a crash loses no lines.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  return pino(
    {
      name: options.name,
      level: options.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: pino.stdSerializers.errWithCause },
      redact: { paths: [...REDACT_PATHS, ...(options.redact ?? [])], censor },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/**
 * Flushes buffered lines, waiting at most `timeoutMs`: with an async destination the last
 * lines before exit would otherwise be lost, and a wedged stream must not block exit.
 */
export function flushLogger(logger: Logger, timeoutMs = 1000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref();
    logger.flush(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
