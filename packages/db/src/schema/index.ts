export * from "./events.ts";
export * from "./tables.ts";
