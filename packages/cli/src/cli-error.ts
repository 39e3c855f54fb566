import { LoyaltyError } from "@loyalty/core";

/** A failure the CLI reports as one line on stderr with a non-zero exit code. */
export class CliError extends LoyaltyError {
  readonly exitCode: number;
  constructor(code: string, message: string, exitCode = 1) {
    super(code, message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** One line, never a stack: what went wrong and, where it helps, what to do. */
export function reportAndExit(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`loyalty: ${message.split("\n")[0]}\n`);
  process.exit(error instanceof CliError ? error.exitCode : 1);
}
