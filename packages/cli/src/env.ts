import { type EnvSource, loadConfig } from "@loyalty/platform";
import type { z } from "zod";
import { CliError } from "./cli-error.ts";

/** Parses the environment for a command; a bad variable is one line and exit code 2. */
export function commandConfig<S extends z.ZodType>(schema: S, env: EnvSource = process.env): z.output<S> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    throw new CliError("invalid_config", error instanceof Error ? error.message : String(error), 2);
  }
}
