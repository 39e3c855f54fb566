export * from "./bench-report.ts";
export * from "./fixtures.ts";
export * from "./postgres.ts";
export * from "./probe.ts";
export * from "./redis.ts";
export * from "./servers.ts";
