export * from "./keys.ts";
export * from "./reliability/index.ts";
