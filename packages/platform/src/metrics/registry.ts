import { collectDefaultMetrics, Registry } from "prom-client";

export interface CreateRegistryOptions {
  /** Service name, added as the `service` label to every series (ingest, query, processor, dispatcher). */
  service: string;
  /** Node process metrics (CPU, memory, event-loop lag, GC). On by default; tests may turn them off. */
  defaultMetrics?: boolean;
}

/**
 * One registry per process, injected everywhere (never prom-client's global one), so tests
 * and the all-in-one `loyalty start` can hold several without name clashes.
 */
export function createRegistry(options: CreateRegistryOptions): Registry {
  const register = new Registry();
  register.setDefaultLabels({ service: options.service });
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register });
  return register;
}
