import { StreamPartitionStatus } from "@loyalty/platform";
import { PROCESSOR_GROUP, partitionStatus, type RedisClient, type StreamKeys } from "@loyalty/streams";
import { request } from "undici";
import { z } from "zod";
import { CliError } from "../cli-error.ts";

/** The event streams' backlog summed over partitions; lag null when Redis cannot tell for some. */
export interface Backlog {
  lag: number | null;
  pending: number;
}

export type LagReader = () => Promise<Backlog>;

export interface LagSample extends Backlog {
  /** Seconds since the run started. */
  atSeconds: number;
}

function sum(rows: ReadonlyArray<{ lag: number | null; pending: number }>): Backlog {
  let lag: number | null = 0;
  let pending = 0;
  for (const row of rows) {
    lag = lag === null || row.lag === null ? null : lag + row.lag;
    pending += row.pending;
  }
  return { lag, pending };
}

/** Straight from Redis (XINFO GROUPS per partition), as `loyalty streams status` reads it. */
export function redisLagReader(redis: RedisClient, keys: StreamKeys): LagReader {
  return async () => sum(await partitionStatus(redis, keys, PROCESSOR_GROUP));
}

// The ops route answers either the rows themselves or an object holding them.
const OpsStreams = z.union([
  z.array(StreamPartitionStatus),
  z.object({ partitions: z.array(StreamPartitionStatus) }).transform((body) => body.partitions),
]);

/** Through the query service's GET /v1/ops/streams (Bearer OPS_TOKEN). */
export function opsLagReader(queryUrl: URL, opsToken: string): LagReader {
  const url = new URL("/v1/ops/streams", queryUrl);
  return async () => {
    const response = await request(url, {
      headers: { authorization: `Bearer ${opsToken}` },
      headersTimeout: 5_000,
      bodyTimeout: 5_000,
    });
    const body: unknown = await response.body.json().catch(() => undefined);
    if (response.statusCode !== 200) {
      throw new CliError("ops_unavailable", `GET ${url} answered ${response.statusCode}`);
    }
    const rows = OpsStreams.safeParse(body);
    if (!rows.success) throw new CliError("ops_unavailable", `GET ${url} did not answer per-partition rows`);
    return sum(rows.data);
  };
}
