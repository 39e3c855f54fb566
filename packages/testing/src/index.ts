export * from "./postgres.ts";
export * from "./probe.ts";
export * from "./redis.ts";
export * from "./servers.ts";
