import { baseEnvShape, shopifySecretShape } from "./base-env.ts";
import { dispatcherEnvShape, ingestEnvShape, processorEnvShape, queryEnvShape } from "./service-envs.ts";
import { shopifyAdminEnvShape } from "./shopify-admin-env.ts";

/**
 * Every variable any schema reads, sorted. Deployment files (compose, Kubernetes) are
 * tested against it so a typo such as STREAM_PARTITION cannot be silently ignored.
 */
export function allConfigVariableNames(): string[] {
  const shapes = [
    baseEnvShape,
    shopifySecretShape,
    ingestEnvShape,
    queryEnvShape,
    shopifyAdminEnvShape,
    processorEnvShape,
    dispatcherEnvShape,
  ];
  return [...new Set(shapes.flatMap((shape) => Object.keys(shape)))].sort();
}
