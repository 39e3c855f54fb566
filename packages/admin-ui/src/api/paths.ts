import type { ContractPaths } from "./contract-paths.ts";
import type { paths as GeneratedPaths } from "./query-api.generated.ts";

type Method = "get" | "put" | "post" | "delete";

/** A method the generated document has (openapi-typescript writes `get?: never` for absent ones). */
type Has<T, M> = M extends keyof T ? ([NonNullable<T[M]>] extends [never] ? false : true) : false;

/** Per method: the generated operation when the server documents it, else the contract's. */
type MergeOperations<G, C> = {
  [M in Method]: Has<G, M> extends true ? NonNullable<G[M & keyof G]> : M extends keyof C ? C[M] : never;
} & { parameters: { query?: never; header?: never; path?: never; cookie?: never } };

/**
 * Every route the dashboard calls. Generated types (from the query service's own OpenAPI
 * document) take precedence over CONTRACT.md's shapes, so a route that lands or changes on
 * the server is checked against the pages at once.
 */
export type ApiPaths = {
  [P in keyof GeneratedPaths | keyof ContractPaths]: MergeOperations<
    P extends keyof GeneratedPaths ? GeneratedPaths[P] : unknown,
    P extends keyof ContractPaths ? ContractPaths[P] : unknown
  >;
};
