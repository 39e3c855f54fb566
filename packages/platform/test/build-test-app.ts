import type { FastifyInstance } from "fastify";
import { Registry } from "prom-client";
import { createHttpApp, type HttpAppOptions } from "../src/http/create-http-app.ts";
import { createLogger } from "../src/logger.ts";

export interface TestApp {
  app: FastifyInstance;
  registry: Registry;
  /** Every JSON line the app logged. */
  logs: Record<string, unknown>[];
}

/** An app whose logs land in memory at debug level, so tests can read them. */
export async function buildTestApp(options: Partial<HttpAppOptions> = {}): Promise<TestApp> {
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({
    name: "test",
    level: "debug",
    destination: { write: (line: string) => logs.push(JSON.parse(line)) },
  });
  const registry = options.registry ?? new Registry();
  const app = await createHttpApp({ ...options, logger, registry });
  return { app, registry, logs };
}
