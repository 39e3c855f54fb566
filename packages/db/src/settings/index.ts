export * from "./settings-cache.ts";
export * from "./settings-store.ts";
export * from "./shop-settings.ts";
