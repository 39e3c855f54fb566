export { createProcessor, type ProcessorOptions } from "./processor.ts";
export { type RunningProcessor, startProcessor } from "./server.ts";
