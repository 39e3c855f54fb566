#!/usr/bin/env node
// The `loyalty` command run from the sources (`pnpm start`, `pnpm loyalty …`). Plain
// JavaScript on purpose: an older Node fails on the TypeScript entry with a bare
// ERR_UNKNOWN_FILE_EXTENSION before any of our code runs, so this file checks the version
// first and says in one line what to do.
import { nodeVersionProblem } from "./node-version.mjs";

const problem = nodeVersionProblem(process.version);
if (problem !== null) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}

await import("../src/bin.ts");
