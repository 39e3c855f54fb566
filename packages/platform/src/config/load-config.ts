import { LoyaltyError } from "@loyalty/core";
import type { z } from "zod";
import { maskUrlPassword } from "../mask-url.ts";

export type EnvSource = Record<string, string | undefined>;

export interface ConfigProblem {
  variable: string;
  message: string;
}

/** A bad environment. The message is one line fit to print before exiting. */
export class ConfigError extends LoyaltyError {
  declare readonly details: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super("invalid_config", `Invalid environment: ${problems.map(sentence).join("; ")}`, problems);
    this.name = "ConfigError";
  }
}

function sentence(problem: ConfigProblem): string {
  return problem.variable === "" ? problem.message : `${problem.variable} ${problem.message}`;
}

/** Values never echoed back in an error: the message ends up in logs and terminals. */
const SECRET_VARIABLES = new Set(["SHOPIFY_API_SECRET", "SHOPIFY_API_SECRETS", "OPS_TOKEN"]);

/**
 * Parses the environment with one of the schemas (IngestEnv, ProcessorEnv, …).
 * Empty values count as unset: `FOO=` in a compose file or `.env` means "use the default",
 * where z.coerce would otherwise read "" as 0.
 * @throws ConfigError naming every bad variable on one line.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: EnvSource = process.env): z.output<S> {
  const input: EnvSource = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== "") input[name] = value;
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => describeIssue(issue, input)));
}

function describeIssue(issue: z.core.$ZodIssue, input: EnvSource): ConfigProblem {
  const variable = issue.path.length > 0 ? String(issue.path[0]) : "";
  const raw = variable === "" ? undefined : input[variable];
  if (raw === undefined) {
    const missing = issue.code === "invalid_type" && issue.input === undefined;
    return { variable, message: missing ? "is required" : issue.message };
  }
  return { variable, message: `${issue.message} (got ${showValue(variable, raw)})` };
}

function showValue(variable: string, raw: string): string {
  if (SECRET_VARIABLES.has(variable)) return `${raw.length} characters`;
  const masked = variable.endsWith("_URL") ? maskUrlPassword(raw) : raw;
  const shown = masked.length > 80 ? `${masked.slice(0, 77)}...` : masked;
  return JSON.stringify(shown);
}
