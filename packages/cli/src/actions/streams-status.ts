import { PROCESSOR_GROUP, partitionStatus, redisFromEnv, streamKeys } from "@loyalty/streams";
import { commandConfig } from "../env.ts";
import { printTable } from "../table.ts";
import { ToolEnv } from "../tool-env.ts";

export async function streamsStatusAction(options: { json?: boolean }): Promise<void> {
  const config = commandConfig(ToolEnv);
  const redis = redisFromEnv(config, "loyalty-cli", "worker");
  try {
    const keys = streamKeys({ prefix: config.STREAM_PREFIX, partitions: config.STREAM_PARTITIONS });
    const rows = await partitionStatus(redis, keys, PROCESSOR_GROUP);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    const total = (pick: (row: (typeof rows)[number]) => number | null) =>
      rows.reduce<number | null>(
        (sum, row) => (sum === null || pick(row) === null ? null : sum + (pick(row) ?? 0)),
        0,
      );
    printTable(
      ["partition", "length", "lag", "pending", "retrying", "dlq"],
      [
        ...rows.map((row) => [
          row.partition,
          row.length,
          row.lag ?? "unknown",
          row.pending,
          row.retrying,
          row.dlq,
        ]),
        [
          "total",
          total((r) => r.length),
          total((r) => r.lag) ?? "unknown",
          total((r) => r.pending),
          total((r) => r.retrying),
          total((r) => r.dlq),
        ],
      ],
    );
  } finally {
    redis.disconnect();
  }
}
