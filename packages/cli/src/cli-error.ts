import { LoyaltyError } from "@loyalty/core";

/**
 * A failure the CLI reports on stderr with a non-zero exit code: one line, or one line per
 * item when `lines` is given (a rules file with three mistakes prints three lines).
 */
export class CliError extends LoyaltyError {
  readonly exitCode: number;
  readonly lines: readonly string[];
  constructor(code: string, message: string, exitCode = 1, lines: readonly string[] = []) {
    super(code, message);
    this.name = "CliError";
    this.exitCode = exitCode;
    this.lines = lines;
  }
}

/** One line per problem, never a stack: what went wrong and, where it helps, what to do. */
export function reportAndExit(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  const lines = error instanceof CliError && error.lines.length > 0 ? error.lines : [message];
  for (const line of lines) process.stderr.write(`loyalty: ${line.split("\n")[0]}\n`);
  process.exit(error instanceof CliError ? error.exitCode : 1);
}
