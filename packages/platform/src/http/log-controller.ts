import { type FastifyReply, type FastifyRequest, LogController } from "fastify";
import { OPS_PATHS } from "./ops-routes.ts";

function pathOf(url: string): string {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

/**
 * One info line per request instead of Fastify's two: "incoming request" drops to debug and
 * "request completed" carries the method and URL itself. Probe and scrape paths are not
 * logged at all: at one hit every few seconds per replica they would drown everything else.
 * Every line still carries `reqId` through Fastify's per-request child logger.
 */
export class QuietLogController extends LogController {
  constructor() {
    super({ disableRequestLogging: (request: FastifyRequest) => OPS_PATHS.has(pathOf(request.url ?? "")) });
  }

  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, "incoming request");
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const fields = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...fields, err: error }, "request errored");
    else reply.log.info(fields, "request completed");
  }
}
