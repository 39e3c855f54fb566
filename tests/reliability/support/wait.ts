import { setTimeout as sleep } from "node:timers/promises";

/** Polls `read` until `check` holds; throws with the last value after timeoutMs. */
export async function waitFor<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let value = await read();
  while (!check(value)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting; last value: ${JSON.stringify(value)}`);
    await sleep(options.intervalMs ?? 25);
    value = await read();
  }
  return value;
}
