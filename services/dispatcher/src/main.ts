import { DispatcherEnv, loadConfig } from "@loyalty/platform";
import { startDispatcher } from "./server.ts";

try {
  await startDispatcher(loadConfig(DispatcherEnv));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
