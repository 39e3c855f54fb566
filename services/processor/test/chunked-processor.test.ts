import type { ReadEntry } from "@loyalty/streams";
import { describe, expect, it } from "vitest";
import { type BatchOutcome, createChunkedProcessor } from "../src/batch-processor.ts";

const entry = (key: string, id: number): ReadEntry => ({
  partition: 0,
  key,
  id: `${id}-0`,
  fields: ["e", "{}"],
});
const streamOf = (key: string, count: number) => Array.from({ length: count }, (_, i) => entry(key, i + 1));
const ok = (entries: readonly ReadEntry[]): BatchOutcome => ({
  applied: entries.length,
  duplicate: 0,
  retried: 0,
  deadLettered: 0,
});
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A processBatch whose calls stay open until the test settles them. */
function controlledBatches() {
  const open: Array<{ keys: string[]; settle: (error?: Error) => void }> = [];
  const started: string[][] = [];
  let running = 0;
  let maxRunning = 0;
  const processBatch = (entries: readonly ReadEntry[]) =>
    new Promise<BatchOutcome>((resolve, reject) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      const keys = [...new Set(entries.map((e) => e.key))];
      started.push(keys);
      open.push({
        keys,
        settle: (error) => {
          running--;
          if (error) reject(error);
          else resolve(ok(entries));
        },
      });
    });
  return { open, started, processBatch, maxRunning: () => maxRunning };
}

describe("createChunkedProcessor", () => {
  it("runs batches of whole streams, at most depth at a time, and adds up their outcomes", async () => {
    const batches = controlledBatches();
    const processRead = createChunkedProcessor({
      processBatch: batches.processBatch,
      batchSize: 4,
      depth: 2,
    });
    const done = processRead([
      ...streamOf("s0", 3),
      ...streamOf("s1", 2),
      ...streamOf("s2", 4),
      ...streamOf("s3", 1),
    ]);
    for (let round = 0; round < 10; round++) {
      await tick();
      batches.open.shift()?.settle();
    }
    expect(await done).toEqual({ applied: 10, duplicate: 0, retried: 0, deadLettered: 0 });
    expect(batches.started).toEqual([["s0"], ["s1"], ["s2"], ["s3"]]);
    expect(batches.maxRunning()).toBe(2);
  });

  it("packs small streams together up to the batch size", async () => {
    const seen: string[][] = [];
    const processRead = createChunkedProcessor({
      processBatch: async (entries) => {
        seen.push(entries.map((e) => e.key));
        return ok(entries);
      },
      batchSize: 4,
      depth: 2,
    });
    await processRead([...streamOf("a", 1), ...streamOf("b", 2), ...streamOf("c", 2)]);
    expect(seen).toEqual([
      ["a", "b", "b"],
      ["c", "c"],
    ]);
  });

  it("processes a stream longer than a batch in order, one batch after the other", async () => {
    const seen: string[][] = [];
    const processRead = createChunkedProcessor({
      processBatch: async (entries) => {
        seen.push(entries.map((e) => e.id));
        return ok(entries);
      },
      batchSize: 2,
      depth: 3,
    });
    await processRead(streamOf("s0", 5));
    expect(seen).toEqual([["1-0", "2-0"], ["3-0", "4-0"], ["5-0"]]);
  });

  it("lets batches in flight finish, starts no new one, and throws the first error", async () => {
    const batches = controlledBatches();
    const processRead = createChunkedProcessor({
      processBatch: batches.processBatch,
      batchSize: 1,
      depth: 2,
    });
    const done = processRead([entry("a", 1), entry("b", 1), entry("c", 1), entry("d", 1)]);
    await tick();
    expect(batches.started).toEqual([["a"], ["b"]]);
    batches.open[0]!.settle(new Error("database away"));
    await tick();
    batches.open[1]!.settle();
    await expect(done).rejects.toThrow("database away");
    expect(batches.started).toHaveLength(2);
  });
});
