import { IngestEnv, loadConfig } from "@loyalty/platform";
import { startIngest } from "./server.ts";

try {
  await startIngest(loadConfig(IngestEnv));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
