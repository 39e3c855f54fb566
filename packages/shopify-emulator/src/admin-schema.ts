import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery, parse, validate } from "graphql";

/** The API version whose published schema we keep (schema/SOURCE.md says where it comes from). */
export const ADMIN_API_VERSION = "2026-10";

const SCHEMA_FILE = new URL(`../schema/admin_${ADMIN_API_VERSION}.json.gz`, import.meta.url);

let cached: GraphQLSchema | undefined;

/**
 * Shopify's own Admin schema, built once per process: ~25 MB of introspection JSON takes
 * about a second to build, and every emulator in a test file shares it (it is immutable).
 */
export function adminSchema(): GraphQLSchema {
  if (!cached) {
    const introspection = JSON.parse(gunzipSync(readFileSync(SCHEMA_FILE)).toString("utf8")) as {
      data: IntrospectionQuery;
    };
    cached = buildClientSchema(introspection.data);
    // graphql-js fills some of a schema's lookup tables on first validation; doing it here
    // keeps a request from paying for it.
    validate(
      cached,
      parse(
        'mutation { discountCodeDeactivate(id: "gid://shopify/DiscountCodeNode/1") { userErrors { message } } }',
      ),
    );
  }
  return cached;
}
