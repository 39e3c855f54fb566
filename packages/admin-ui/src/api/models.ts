import type { ApiPaths } from "./paths.ts";

/** The 200 body of a route, from the merged paths: pages name what they show by route. */
export type Answer<P extends keyof ApiPaths, M extends "get" | "post" | "put"> = ApiPaths[P][M] extends {
  responses: { 200: { content: { "application/json": infer T } } };
}
  ? T
  : never;

export type RuleView = Answer<"/v1/rules/{id}", "get">;
