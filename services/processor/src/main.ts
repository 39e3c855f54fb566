import { loadConfig, ProcessorEnv } from "@loyalty/platform";
import { startProcessor } from "./server.ts";

try {
  await startProcessor(loadConfig(ProcessorEnv));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
