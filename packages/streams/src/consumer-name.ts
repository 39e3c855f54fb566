import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

export interface ConsumerNameSources {
  hostname: () => string;
  pid: number;
  /** Four hex characters. */
  random4: () => string;
}

const defaultSources: ConsumerNameSources = {
  hostname,
  pid: process.pid,
  random4: () => randomBytes(2).toString("hex"),
};

/**
 * The consumer name of this replica in its consumer groups. `CONSUMER_NAME` wins: on
 * Kubernetes set it to the pod name (downward API), so a container restarted in the same pod
 * takes back its own pending entries at once instead of waiting for the claimer. Otherwise
 * host + pid + a random suffix: unique even when two replicas share a host and a pid (containers),
 * and the janitor removes the idle names that restarts leave behind.
 */
export function consumerName(
  env: Readonly<Record<string, string | undefined>> = process.env,
  sources: ConsumerNameSources = defaultSources,
): string {
  const configured = env.CONSUMER_NAME?.trim();
  if (configured) return configured;
  return `${sources.hostname()}-${sources.pid}-${sources.random4()}`;
}
