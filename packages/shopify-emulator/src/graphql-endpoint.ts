import {
  type DocumentNode,
  execute,
  type GraphQLError,
  Kind,
  type OperationDefinitionNode,
  parse,
  validate,
} from "graphql";
import { adminSchema } from "./admin-schema.ts";
import type { Fault } from "./faults.ts";
import type { ResolverContext } from "./operations/context.ts";
import { discountResolvers } from "./operations/discounts.ts";
import { orderResolvers } from "./operations/orders.ts";
import { storeCreditResolvers } from "./operations/store-credit.ts";
import { requestedQueryCost } from "./query-cost.ts";
import type { ThrottleStatus } from "./throttle.ts";

const MUTATIONS: Record<string, unknown> = {
  ...discountResolvers.mutation,
  ...storeCreditResolvers.mutation,
};
const QUERIES: Record<string, unknown> = { ...discountResolvers.query, ...orderResolvers.query };

/** Shopify refuses any single query whose requested cost is above this. */
const MAX_SINGLE_QUERY_COST = 1000;

export interface GraphQLRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** A parsed, schema-valid operation, or the errors Shopify would answer instead. */
export type Prepared =
  | {
      ok: true;
      document: DocumentNode;
      operation: OperationDefinitionNode;
      rootFields: string[];
      variables: Record<string, unknown>;
      cost: number;
    }
  | { ok: false; rootFields: string[]; errors: { message: string; extensions?: Record<string, unknown> }[] };

/** Parses and validates against Shopify's Admin schema (graphql-js `validate`, every rule). */
export function prepare(body: GraphQLRequestBody): Prepared {
  if (typeof body.query !== "string") {
    return { ok: false, rootFields: [], errors: [{ message: "Parameter Missing or Invalid: query" }] };
  }
  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch (error) {
    return { ok: false, rootFields: [], errors: [formatError(error as GraphQLError)] };
  }
  const operation = pickOperation(
    document,
    typeof body.operationName === "string" ? body.operationName : undefined,
  );
  const rootFields = operation
    ? operation.selectionSet.selections.flatMap((s) =>
        s.kind === Kind.FIELD && s.name.value !== "__typename" ? [s.name.value] : [],
      )
    : [];
  const errors = validate(adminSchema(), document);
  if (errors.length > 0) return { ok: false, rootFields, errors: errors.map(formatError) };
  if (!operation)
    return { ok: false, rootFields, errors: [{ message: "No operation named in the document" }] };
  const table = operation.operation === "mutation" ? MUTATIONS : QUERIES;
  const unmodelled = rootFields.filter((f) => !(f in table));
  if (unmodelled.length > 0) {
    return {
      ok: false,
      rootFields,
      errors: [
        {
          message: `shopify-emulator does not model ${unmodelled.join(", ")}`,
          extensions: { code: "NOT_MODELLED" },
        },
      ],
    };
  }
  const variables =
    body.variables !== null && typeof body.variables === "object"
      ? (body.variables as Record<string, unknown>)
      : {};
  const cost = requestedQueryCost(adminSchema(), operation, variables);
  return { ok: true, document, operation, rootFields, variables, cost };
}

/** Runs a prepared operation against the shop's state; a `user_errors` fault replaces the payload. */
export async function run(
  prepared: Extract<Prepared, { ok: true }>,
  context: ResolverContext,
  fault: Fault | undefined,
) {
  const table = prepared.operation.operation === "mutation" ? MUTATIONS : QUERIES;
  const rootValue =
    fault?.kind === "user_errors"
      ? Object.fromEntries(prepared.rootFields.map((f) => [f, () => nullPayload(f, fault.errors)]))
      : table;
  const result = await execute({
    schema: adminSchema(),
    document: prepared.document,
    rootValue,
    contextValue: context,
    variableValues: prepared.variables,
    operationName: prepared.operation.name?.value,
  });
  return { data: result.data ?? null, errors: result.errors?.map(formatError) };
}

/** The payload of a refused mutation: every result field null, the userErrors given. */
function nullPayload(field: string, userErrors: unknown[]) {
  const resultField = field.startsWith("storeCredit") ? "storeCreditAccountTransaction" : "codeDiscountNode";
  return { [resultField]: null, userErrors };
}

export function costExtension(requested: number, actual: number | null, status: ThrottleStatus) {
  return { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: status } };
}

export function throttledBody(requested: number, status: ThrottleStatus) {
  return {
    errors: [
      {
        message: "Throttled",
        extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
      },
    ],
    extensions: costExtension(requested, null, status),
  };
}

export function tooCostlyBody(requested: number) {
  return {
    errors: [
      {
        message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_SINGLE_QUERY_COST}).`,
        extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_SINGLE_QUERY_COST },
      },
    ],
  };
}

export { MAX_SINGLE_QUERY_COST };

function pickOperation(
  document: DocumentNode,
  name: string | undefined,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return name === undefined
    ? operations.length === 1
      ? operations[0]
      : undefined
    : operations.find((o) => o.name?.value === name);
}

function formatError(error: GraphQLError) {
  return {
    message: error.message,
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
  };
}
