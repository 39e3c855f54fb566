export * from "./delivery-log.ts";
export * from "./endpoint-lookup.ts";
export * from "./fan-out.ts";
export * from "./relay.ts";
