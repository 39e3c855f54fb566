#!/usr/bin/env node
import { reportAndExit } from "./cli-error.ts";
import { buildProgram } from "./program.ts";

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  reportAndExit(error);
}
