import { ensureAdminUiBuilt } from "../node/index.js";

/**
 * The browser tests and `loyalty start` in other test files serve packages/admin-ui/dist:
 * build it once, before any test file starts, when it is missing or older than its sources.
 */
export default async function setup(): Promise<void> {
  await ensureAdminUiBuilt((line) => process.stdout.write(`admin-ui: ${line}\n`));
}
