import { loadConfig, QueryEnv } from "@loyalty/platform";
import { startQuery } from "./server.ts";

try {
  await startQuery(loadConfig(QueryEnv));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
