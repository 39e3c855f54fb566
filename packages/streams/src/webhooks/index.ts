export * from "./delivery.ts";
export * from "./publish-deliveries.ts";
