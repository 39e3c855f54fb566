import {
  listDeadLetters,
  purgeDeadLetters,
  type RedisClient,
  redisFromEnv,
  replayDeadLetters,
  type StreamKeys,
  showDeadLetter,
  streamKeys,
} from "@loyalty/streams";
import { SingleBar } from "cli-progress";
import { CliError } from "../cli-error.ts";
import { commandConfig } from "../env.ts";
import { printTable } from "../table.ts";
import { ToolEnv } from "../tool-env.ts";

async function withStreams<T>(run: (redis: RedisClient, keys: StreamKeys) => Promise<T>): Promise<T> {
  const config = commandConfig(ToolEnv);
  const redis = redisFromEnv(config, "loyalty-cli", "worker");
  try {
    return await run(
      redis,
      streamKeys({ prefix: config.STREAM_PREFIX, partitions: config.STREAM_PARTITIONS }),
    );
  } finally {
    redis.disconnect();
  }
}

function idsOrAll(ids: string[], all: boolean | undefined, verb: string): string[] | "all" {
  if (all && ids.length > 0)
    throw new CliError("usage", `${verb}: give dead-letter ids or --all, not both`, 2);
  if (!all && ids.length === 0)
    throw new CliError("usage", `${verb}: give one or more dead-letter ids, or --all`, 2);
  return all ? "all" : ids;
}

export async function listAction(options: {
  partition?: number;
  count: number;
  json?: boolean;
}): Promise<void> {
  await withStreams(async (redis, keys) => {
    const page = await listDeadLetters(redis, keys, {
      count: options.count,
      ...(options.partition !== undefined ? { partition: options.partition } : {}),
    });
    if (options.json) return void process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
    if (page.items.length === 0) return void process.stdout.write("no dead letters\n");
    printTable(
      ["id", "type", "shop", "error", "attempts", "last failure"],
      page.items.map((item) => [
        item.id,
        item.envelope?.type ?? "(invalid)",
        item.envelope?.shop ?? "-",
        `${item.errorCode}: ${item.errorMessage}`.slice(0, 60),
        item.attempts,
        item.lastFailureAt,
      ]),
    );
    if (page.nextCursor) process.stdout.write(`… more: --count ${options.count * 2}\n`);
  });
}

export async function showAction(id: string): Promise<void> {
  await withStreams(async (redis, keys) => {
    const letter = await showDeadLetter(redis, keys, id);
    if (!letter) throw new CliError("not_found", `no dead letter ${id}`);
    process.stdout.write(`${JSON.stringify({ ...letter, payload: undefined }, null, 2)}\n`);
  });
}

export async function replayAction(ids: string[], options: { all?: boolean }): Promise<void> {
  const targets = idsOrAll(ids, options.all, "replay");
  await withStreams(async (redis, keys) => {
    const bar = new SingleBar({
      format: "replay [{bar}] {value}/{total}",
      stream: process.stderr,
      noTTYOutput: false,
    });
    let started = false;
    const summary = await replayDeadLetters(redis, keys, targets, (progress) => {
      if (!started) bar.start(progress.total, 0);
      started = true;
      bar.update(progress.done);
    });
    if (started) bar.stop();
    process.stdout.write(`replayed ${summary.replayed}, missing ${summary.missing}\n`);
    if (targets !== "all" && summary.missing > 0)
      throw new CliError("not_found", `${summary.missing} of the given ids were not in the DLQ`);
  });
}

export async function purgeAction(ids: string[], options: { all?: boolean; yes?: boolean }): Promise<void> {
  const targets = idsOrAll(ids, options.all, "purge");
  if (targets === "all" && !options.yes)
    throw new CliError("usage", "purge --all deletes every dead letter: add --yes to confirm", 2);
  await withStreams(async (redis, keys) => {
    const purged = await purgeDeadLetters(redis, keys, targets);
    process.stdout.write(`purged ${purged}\n`);
  });
}
