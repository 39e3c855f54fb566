export { CliError } from "./cli-error.ts";
export { buildProgram } from "./program.ts";
