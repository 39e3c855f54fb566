import type { AddressInfo, Server } from "node:net";
import { CliError } from "../cli-error.ts";
import { loadService, type ServiceName } from "../service-loader.ts";

interface StartedService {
  close: () => Promise<void>;
}
type StartFunction = (config: unknown, options: { handleSignals: boolean }) => Promise<StartedService>;

export interface ServicePlan {
  name: ServiceName;
  /** The function the service's entry exports (docs/decisions/0003). */
  exportName: string;
  config: unknown;
  /** Configured port, and the variable that sets it (for an "address in use" hint). */
  port: number;
  portVariable: string;
  /** HTTP APIs close first (stop taking work), workers after (drain what they hold). */
  stage: "api" | "worker";
}

export interface RunningService {
  name: ServiceName;
  port: number;
  stage: ServicePlan["stage"];
  close: () => Promise<void>;
}

/** The start function, or why there is none (a service still being written is skipped). */
async function loadStarter(plan: ServicePlan): Promise<StartFunction | string> {
  try {
    const entry = await loadService<Record<string, unknown>>(plan.name);
    const start = entry[plan.exportName];
    return typeof start === "function"
      ? (start as StartFunction)
      : `services/${plan.name} does not export ${plan.exportName} yet`;
  } catch (error) {
    return `cannot load services/${plan.name}: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`;
  }
}

/** The port a Fastify-based service really listens on (differs from the config when it is 0). */
function listeningPort(started: StartedService, fallback: number): number {
  const address = (started as { app?: { server?: Server } }).app?.server?.address();
  return typeof address === "object" && address !== null ? (address as AddressInfo).port : fallback;
}

/**
 * Starts each service in this process with handleSignals: false (the caller owns the one
 * graceful shutdown). If one fails to start, those already running are closed first.
 */
export async function startServices(
  plans: readonly ServicePlan[],
  warn: (line: string) => void,
): Promise<RunningService[]> {
  const running: RunningService[] = [];
  for (const plan of plans) {
    const start = await loadStarter(plan);
    if (typeof start === "string") {
      warn(`warning: ${plan.name} not started: ${start}`);
      continue;
    }
    try {
      const started = await start(plan.config, { handleSignals: false });
      running.push({
        name: plan.name,
        port: listeningPort(started, plan.port),
        stage: plan.stage,
        close: started.close,
      });
    } catch (error) {
      await closeServices(running);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EADDRINUSE") {
        throw new CliError(
          "port_in_use",
          `${plan.name} cannot listen on port ${plan.port}: it is in use (set ${plan.portVariable})`,
        );
      }
      throw new CliError(
        "start_failed",
        `${plan.name} did not start: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return running;
}

/** APIs first, then workers; within a stage in parallel. A failing close does not stop the others. */
export async function closeServices(running: readonly RunningService[]): Promise<void> {
  const failures: unknown[] = [];
  for (const stage of ["api", "worker"] as const) {
    const results = await Promise.allSettled(running.filter((s) => s.stage === stage).map((s) => s.close()));
    for (const result of results) if (result.status === "rejected") failures.push(result.reason);
  }
  if (failures.length > 0) throw failures[0];
}
