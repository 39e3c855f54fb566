import { badRequest } from "@loyalty/platform";
import { listDeadLetters, PROCESSOR_GROUP, partitionStatus, replayDeadLetters } from "@loyalty/streams";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { QueryDeps } from "../../deps.ts";
import { OPS_SECURITY } from "../../http/docs.ts";
import { errorResponses } from "../../http/error-responses.ts";
import { DeadLetterItem, toDeadLetterItem } from "./dead-letter-item.ts";

const PartitionState = z.object({
  partition: z.number().int(),
  length: z.number().int().describe("XLEN of loyalty:events:{p}"),
  lag: z.number().int().nullable().describe("Entries not yet delivered to the processors group"),
  pending: z.number().int().describe("Delivered, not acknowledged"),
  dlq: z.number().int().describe("Dead letters waiting"),
  retrying: z.number().int().describe("Events waiting in loyalty:retry:{p}"),
});

const ReplayRequest = z
  .object({
    ids: z
      .array(z.string().max(64))
      .min(1)
      .max(1000)
      .optional()
      .describe("Dead-letter ids (<partition>-<streamId>)"),
    all: z.boolean().optional().describe("Replay every dead letter present now"),
  })
  .describe("Either ids or all: true");

const schema = { tags: ["ops"], security: OPS_SECURITY };

/** /ops/streams, /ops/dlq, /ops/dlq/replay (mounted under /v1, behind OPS_TOKEN): the streams' admin side. */
export const opsRoutes: FastifyPluginAsyncZod<QueryDeps> = async (app, deps) => {
  app.get(
    "/ops/streams",
    {
      schema: {
        ...schema,
        summary: "Length, lag, pending, DLQ depth and retries of every event partition",
        response: {
          200: z.object({ group: z.string(), partitions: z.array(PartitionState) }),
          ...errorResponses(401, 404, 503),
        },
      },
    },
    async () => ({
      group: PROCESSOR_GROUP,
      partitions: await partitionStatus(deps.redis, deps.keys, PROCESSOR_GROUP),
    }),
  );

  app.get(
    "/ops/dlq",
    {
      schema: {
        ...schema,
        summary: "Dead letters, oldest first per partition, partitions in order",
        querystring: z.object({
          partition: z.coerce.number().int().min(0).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          cursor: z.string().max(64).optional(),
        }),
        response: {
          200: z.object({ items: z.array(DeadLetterItem), nextCursor: z.string().nullable() }),
          ...errorResponses(400, 401, 404, 503),
        },
      },
    },
    async (request) => {
      const { partition, limit, cursor } = request.query;
      if (partition !== undefined && partition >= deps.keys.partitions) {
        throw badRequest("invalid_partition", `partition must be < ${deps.keys.partitions}.`, [
          { path: "$.partition", message: `must be < ${deps.keys.partitions}` },
        ]);
      }
      const page = await listDeadLetters(deps.redis, deps.keys, {
        count: limit,
        ...(partition === undefined ? {} : { partition }),
        ...(cursor === undefined ? {} : { cursor }),
      });
      return { items: page.items.map(toDeadLetterItem), nextCursor: page.nextCursor };
    },
  );

  app.post(
    "/ops/dlq/replay",
    {
      schema: {
        ...schema,
        summary: "Put dead letters back on their stream with attempt 0",
        body: ReplayRequest,
        response: {
          200: z.object({ replayed: z.number().int(), missing: z.number().int() }),
          ...errorResponses(400, 401, 404, 503),
        },
      },
    },
    async (request) => {
      const { ids, all } = request.body;
      if ((all === true) === (ids !== undefined)) {
        throw badRequest("invalid_replay", "Send either ids or all: true.", [
          { path: "$", message: "exactly one of ids and all: true" },
        ]);
      }
      const summary = await replayDeadLetters(deps.redis, deps.keys, ids ?? "all");
      request.log.info({ ...summary, all: all === true }, "dead letters replayed");
      return summary;
    },
  );
};
