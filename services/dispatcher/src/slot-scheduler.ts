/**
 * Concurrency isolation between endpoints. Two budgets: `global` deliveries in flight per
 * replica, and `perKey` in flight per endpoint. A job first takes a slot of its endpoint, then
 * a global slot; an endpoint whose slots are all taken gets up to `queuePerKey` more jobs
 * waiting in memory (they hold no global slot), and beyond that `submit` answers "saturated"
 * so the caller puts the entry back on the retry lane for a short while instead of waiting.
 *
 * Why this guarantees that a slow or dead endpoint cannot slow the others down:
 * - it holds at most `perKey` global slots, and perKey is capped at global − 1, so at least one
 *   global slot always stays for everyone else (with the defaults, 4 of 32);
 * - its waiting jobs hold no global slot, and there are at most `queuePerKey` of them;
 * - the read loop only ever waits for a free GLOBAL slot (`whenRoom`), never for an endpoint's,
 *   and global slots are freed by every other endpoint's deliveries finishing (each bounded by
 *   the request timeout). So entries of healthy endpoints keep being read and sent while a
 *   hanging endpoint's requests run into their timeout.
 * A hand-written scheduler rather than p-limit/p-queue: those have one budget per queue, and the
 * two-level rule (endpoint slot before global slot, overflow refused instead of queued) is the
 * point here.
 */
export interface SlotSchedulerOptions<T> {
  global: number;
  perKey: number;
  queuePerKey: number;
  /** Runs one job. Expected not to throw; a throw is handed to onError. */
  run: (item: T) => Promise<void>;
  onError: (error: unknown, item: T) => void;
}

export type SubmitResult = "started" | "queued" | "saturated";

export interface SlotScheduler<T> {
  submit(key: string, item: T): SubmitResult;
  /** Resolves once a global slot is free (at once when one is); rejects if the signal aborts. */
  whenRoom(signal?: AbortSignal): Promise<void>;
  /** Resolves once nothing runs. */
  whenIdle(): Promise<void>;
  /** Refuses further jobs and returns those not started yet (the caller hands them back). */
  close(): T[];
  /** Jobs running or waiting, for keep-alive. */
  held(): T[];
  readonly running: number;
  /** Effective per-endpoint limit (perKey capped at global − 1). */
  readonly perKey: number;
}

export function createSlotScheduler<T>(options: SlotSchedulerOptions<T>): SlotScheduler<T> {
  const global = positive(options.global, "global");
  const perKey = global === 1 ? 1 : Math.min(positive(options.perKey, "perKey"), global - 1);
  const queuePerKey = Math.max(0, Math.floor(options.queuePerKey));
  /** Jobs holding a slot of their key: running, or waiting for a global slot in `ready`. */
  const active = new Map<string, number>();
  /** Per key: jobs waiting for a slot of their key. */
  const waiting = new Map<string, T[]>();
  /** Jobs with a key slot, waiting for a global slot, first come first served. */
  const ready: Array<{ key: string; item: T }> = [];
  const runningItems = new Set<{ item: T }>();
  let roomWaiters: Array<() => void> = [];
  let idleWaiters: Array<() => void> = [];
  let closed = false;

  function start(key: string, item: T): void {
    const token = { item };
    runningItems.add(token);
    options
      .run(item)
      .catch((error: unknown) => options.onError(error, item))
      .finally(() => {
        runningItems.delete(token);
        release(key);
      });
  }

  function release(key: string): void {
    const left = (active.get(key) ?? 1) - 1;
    if (left > 0) active.set(key, left);
    else active.delete(key);
    const next = waiting.get(key)?.shift();
    if (waiting.get(key)?.length === 0) waiting.delete(key);
    if (next !== undefined && !closed) takeKeySlot(key, next);
    drain();
    if (runningItems.size < global) wake(roomWaiters.splice(0));
    if (runningItems.size === 0) wake(idleWaiters.splice(0));
  }

  function takeKeySlot(key: string, item: T): void {
    active.set(key, (active.get(key) ?? 0) + 1);
    ready.push({ key, item });
  }

  function drain(): void {
    while (!closed && runningItems.size < global && ready.length > 0) {
      const next = ready.shift();
      if (next) start(next.key, next.item);
    }
  }

  return {
    submit(key, item) {
      if (closed) return "saturated";
      if ((active.get(key) ?? 0) < perKey) {
        // `ready` is only ever non-empty while every global slot is taken, so a free global
        // slot now means this job is the one that takes it.
        const startsNow = runningItems.size < global;
        takeKeySlot(key, item);
        drain();
        return startsNow ? "started" : "queued";
      }
      const queue = waiting.get(key) ?? [];
      if (queue.length >= queuePerKey) return "saturated";
      queue.push(item);
      waiting.set(key, queue);
      return "queued";
    },
    whenRoom(signal) {
      if (runningItems.size < global || closed) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const onAbort = () => reject(signal?.reason);
        signal?.addEventListener("abort", onAbort, { once: true });
        roomWaiters.push(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        });
      });
    },
    whenIdle() {
      if (runningItems.size === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    close() {
      closed = true;
      const unstarted = [...ready.map((entry) => entry.item), ...[...waiting.values()].flat()];
      ready.length = 0;
      waiting.clear();
      wake(roomWaiters.splice(0));
      roomWaiters = [];
      if (runningItems.size === 0) {
        wake(idleWaiters.splice(0));
        idleWaiters = [];
      }
      return unstarted;
    },
    held() {
      return [
        ...[...runningItems].map((token) => token.item),
        ...ready.map((entry) => entry.item),
        ...[...waiting.values()].flat(),
      ];
    },
    get running() {
      return runningItems.size;
    },
    perKey,
  };
}

function wake(waiters: Array<() => void>): void {
  for (const waiter of waiters) waiter();
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be an integer ≥ 1, got ${value}`);
  return value;
}
