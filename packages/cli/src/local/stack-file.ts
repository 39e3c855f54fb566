import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { processAlive } from "./child-exit.ts";

/**
 * `.loyalty/stack.json`: where a running `loyalty start` can be reached, so `loyalty demo`
 * in another terminal finds its (possibly embedded, random-port) servers with no setup.
 * Written 0600 (it holds connection URLs) and removed on shutdown.
 */
export const StackFile = z.object({
  pid: z.number().int(),
  ingestUrl: z.string().nullable(),
  queryUrl: z.string().nullable(),
  redisUrl: z.string(),
  databaseUrl: z.string(),
  streamPrefix: z.string(),
  /** True when ingest runs on the public development secret (then demo can sign with it). */
  developmentSecret: z.boolean(),
  startedAt: z.string(),
});
export type StackFile = z.infer<typeof StackFile>;

export function stackFilePath(localDir: string): string {
  return path.join(localDir, "stack.json");
}

export async function writeStackFile(localDir: string, stack: StackFile): Promise<() => Promise<void>> {
  const file = stackFilePath(localDir);
  await mkdir(localDir, { recursive: true });
  await writeFile(file, `${JSON.stringify(stack, null, 2)}\n`, { mode: 0o600 });
  return () => rm(file, { force: true });
}

/** The stack of a live `loyalty start`, or null (none, unreadable, or its process is gone). */
export async function readStackFile(localDir: string): Promise<StackFile | null> {
  const text = await readFile(stackFilePath(localDir), "utf8").catch(() => null);
  if (text === null) return null;
  try {
    const stack = StackFile.parse(JSON.parse(text));
    return processAlive(stack.pid) ? stack : null;
  } catch {
    return null;
  }
}
