import {
  BaseEnv,
  baseEnvShape,
  DispatcherEnv,
  dispatcherEnvShape,
  IngestEnv,
  ingestEnvShape,
  type loadConfig,
  ProcessorEnv,
  processorEnvShape,
  QueryEnv,
  queryEnvShape,
  shopifyAdminEnvShape,
  shopifySecretShape,
} from "@loyalty/platform";

export type ProcessName = "ingest" | "query" | "processor" | "dispatcher" | "migrate";

interface ProcessConfig {
  /** The schema the process validates its environment with at start. */
  schema: Parameters<typeof loadConfig>[0];
  /** Every variable it reads: setting anything else on it does nothing. */
  variables: Set<string>;
}

const names = (...shapes: object[]) => new Set(shapes.flatMap((shape) => Object.keys(shape)));

/** What each process of the image reads (`loyalty migrate` reads the base configuration). */
export const PROCESS_CONFIG: Record<ProcessName, ProcessConfig> = {
  ingest: { schema: IngestEnv, variables: names(baseEnvShape, shopifySecretShape, ingestEnvShape) },
  query: {
    schema: QueryEnv,
    variables: names(baseEnvShape, shopifySecretShape, shopifyAdminEnvShape, queryEnvShape),
  },
  processor: { schema: ProcessorEnv, variables: names(baseEnvShape, processorEnvShape) },
  dispatcher: { schema: DispatcherEnv, variables: names(baseEnvShape, dispatcherEnvShape) },
  migrate: { schema: BaseEnv, variables: names(baseEnvShape, shopifySecretShape) },
};

export const BASE_VARIABLES = names(baseEnvShape);
export const SHOPIFY_VARIABLES = names(shopifySecretShape);
/** The token-sealing keys: only the query service holds shop tokens. */
export const TOKEN_VARIABLES = new Set(["TOKEN_ENCRYPTION_KEY", "TOKEN_ENCRYPTION_PREVIOUS_KEYS"]);

/**
 * `${NAME:-default}` and `${NAME}` as Compose resolves them with nothing set in the shell: the
 * environment a fresh `docker compose up` gives the processes.
 */
export function interpolateDefaults(value: unknown): string {
  return String(value).replace(
    /\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}/g,
    (_, fallback?: string) => fallback ?? "",
  );
}
