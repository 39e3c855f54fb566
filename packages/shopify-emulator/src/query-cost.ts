import {
  type FieldNode,
  type GraphQLSchema,
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  type OperationDefinitionNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from "graphql";

/**
 * Shopify's requested query cost, the documented rules in short: a mutation costs 10; in a
 * query every object costs 1, scalars and enums 0, and a connection multiplies the cost of
 * what it selects by `first`/`last` (plus 2 for the connection itself). Shopify's real
 * calculator has exceptions per field; these rules are what the docs promise and what a
 * client must budget for.
 */
export function requestedQueryCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  if (operation.operation === "mutation") {
    return 10 * operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD).length;
  }
  const typeInfo = new TypeInfo(schema);
  let cost = 0;
  const multipliers: number[] = [];
  visit(
    operation,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          const type = typeInfo.getType();
          const named = type ? getNamedType(type) : null;
          const factor = multipliers.reduce((a, b) => a * b, 1);
          const composite = named && (isObjectType(named) || isInterfaceType(named) || isUnionType(named));
          const size = connectionSize(node, variables);
          if (size !== null) {
            cost += 2 * factor;
            multipliers.push(size);
          } else {
            if (composite && !named.name.endsWith("Edge") && !named.name.endsWith("PageInfo")) cost += factor;
            multipliers.push(1);
          }
        },
        leave() {
          multipliers.pop();
        },
      },
    }),
  );
  return Math.max(1, cost);
}

function connectionSize(node: FieldNode, variables: Record<string, unknown>): number | null {
  for (const arg of node.arguments ?? []) {
    if (arg.name.value !== "first" && arg.name.value !== "last") continue;
    if (arg.value.kind === Kind.INT) return Number(arg.value.value);
    if (arg.value.kind === Kind.VARIABLE) {
      const value = variables[arg.value.name.value];
      if (typeof value === "number") return value;
    }
  }
  return null;
}
