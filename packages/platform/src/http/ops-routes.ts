import type { FastifyInstance } from "fastify";
import type { Registry } from "prom-client";
import { type ReadinessCheck, runReadinessChecks } from "./readiness.ts";

export interface OpsRoutesOptions {
  registry: Registry;
  readiness: Record<string, ReadinessCheck>;
  readinessTimeoutMs: number;
}

/** Paths polled by probes and Prometheus: kept out of the request log and the rate limit. */
export const OPS_PATHS: ReadonlySet<string> = new Set(["/healthz", "/readyz", "/metrics"]);

/** GET /healthz, /readyz and /metrics (CONTRACT.md: every process serves them). */
export async function opsRoutes(app: FastifyInstance, options: OpsRoutesOptions): Promise<void> {
  const config = { rateLimit: false } as const;

  // Liveness says only "the event loop answers": checking dependencies here would make the
  // orchestrator restart healthy pods whenever Redis blips.
  app.get("/healthz", { config }, async () => ({ status: "ok" }));

  app.get("/readyz", { config }, async (request, reply) => {
    const results = await runReadinessChecks(options.readiness, options.readinessTimeoutMs);
    const failed = results.filter((result) => !result.ok);
    if (failed.length === 0) {
      return { status: "ready", checks: Object.fromEntries(results.map((result) => [result.check, "ok"])) };
    }
    for (const result of failed) {
      request.log.warn(
        { check: result.check, err: result.error, reason: result.message },
        "readiness check failed",
      );
    }
    return reply.code(503).send({
      error: "not_ready",
      message: `${failed.length} of ${results.length} readiness checks failed: ${failed.map((r) => r.check).join(", ")}`,
      details: failed.map((result) => ({ check: result.check, message: result.message })),
    });
  });

  app.get("/metrics", { config }, async (_request, reply) => {
    const text = await options.registry.metrics();
    return reply
      .header("content-type", options.registry.contentType)
      .header("cache-control", "no-store")
      .send(text);
  });
}
