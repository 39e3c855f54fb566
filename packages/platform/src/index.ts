export * from "./config/index.ts";
export * from "./http/index.ts";
export * from "./logger.ts";
export * from "./mask-url.ts";
export * from "./metrics/index.ts";
export * from "./outbound/index.ts";
export * from "./periodic-tasks.ts";
export * from "./shutdown.ts";
