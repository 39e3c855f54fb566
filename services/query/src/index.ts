export { buildQueryApp, type QueryAppOptions } from "./app.ts";
export type { ApiKeyCacheOptions } from "./auth/api-key-resolver.ts";
export type { QueryDeps } from "./deps.ts";
export { queryOpenApiDocument } from "./openapi-document.ts";
export { type RunningQuery, startQuery } from "./server.ts";
