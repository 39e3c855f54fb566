import type { FastifySchemaCompiler } from "fastify";
import { validatorCompiler } from "fastify-type-provider-zod";
import type { $ZodType } from "zod/v4/core";

/**
 * Route-level validator for a body the handler parses itself (its zod error names better
 * paths than the documented schema would, e.g. one-or-many files). The body schema still
 * documents the route; params and querystring keep the normal zod validation. The cast:
 * Fastify types a route-level compiler with the whole route schema but calls it per part.
 */
export function bodyParsedByHandler<T>(
  route: Parameters<FastifySchemaCompiler<T>>[0],
): ReturnType<FastifySchemaCompiler<T>> {
  if (route.httpPart === "body") return (data: unknown) => ({ value: data });
  return validatorCompiler(route as unknown as Parameters<FastifySchemaCompiler<$ZodType>>[0]);
}
