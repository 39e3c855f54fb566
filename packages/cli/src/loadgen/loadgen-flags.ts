import { PostgresUrl } from "@loyalty/platform";
import { z } from "zod";
import { CliError } from "../cli-error.ts";
import { DEFAULT_INGEST_URL, DEFAULT_LOADGEN_SHOP } from "./defaults.ts";

const share = z.coerce.number({ error: "must be a number" }).min(0, "must be between 0 and 1").max(1, {
  error: "must be between 0 and 1",
});
const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: "must be an integer" })
    .int({ error: "must be an integer" })
    .min(min, { error: `must be between ${min} and ${max}` })
    .max(max, { error: `must be between ${min} and ${max}` });

/** The flags of `loyalty loadgen`, as commander hands them over (strings, booleans). */
export const LoadgenFlags = z.object({
  /** Requests per second. */
  rate: z.coerce.number({ error: "must be a number" }).positive({ error: "must be positive" }).max(50_000, {
    error: "must be at most 50000",
  }),
  /** Seconds to send for; capped at an hour so a run always ends by itself. */
  duration: z.coerce
    .number({ error: "must be a number" })
    .positive({ error: "must be positive" })
    .max(3_600, {
      error: "must be at most 3600 seconds",
    }),
  customers: integer(1, 1_000_000_000).default(100),
  url: z.string().default(DEFAULT_INGEST_URL),
  shop: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, { error: "must be a *.myshopify.com domain" })
    .default(DEFAULT_LOADGEN_SHOP),
  duplicates: share.default(0.05),
  refunds: share.default(0.1),
  concurrency: integer(1, 1024).default(64),
  wait: z.boolean().default(false),
  waitTimeout: z.coerce
    .number({ error: "must be a number" })
    .positive({ error: "must be positive" })
    .max(3_600, { error: "must be at most 3600 seconds" })
    .default(120),
  queryUrl: z.string().optional(),
  databaseUrl: PostgresUrl.optional(),
  json: z.boolean().default(false),
  progress: z.boolean().default(true),
});
export type LoadgenFlags = z.infer<typeof LoadgenFlags>;

/** Validates the flags; the first problem becomes one usage line naming the flag (exit 2). */
export function parseLoadgenFlags(raw: unknown): LoadgenFlags {
  const parsed = LoadgenFlags.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = String(issue?.path[0] ?? "options").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  throw new CliError("usage", `--${name} ${issue?.message ?? "is invalid"}`, 2);
}
