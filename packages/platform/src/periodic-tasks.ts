/** One side job of a worker (retry mover, claimer, janitor, …), run every `everyMs`. */
export interface PeriodicTask {
  name: string;
  everyMs: number;
  run: () => Promise<void>;
}

/**
 * Runs each task on its own interval, never overlapping a slow run with the next tick; a
 * failed run is logged and tried again at the next tick. `stop` clears the timers and waits
 * for the runs under way, so the caller can close its clients after it.
 */
export function createPeriodicTasks(
  tasks: readonly PeriodicTask[],
  logger: { warn: (obj: object, msg: string) => void },
) {
  const timers: NodeJS.Timeout[] = [];
  const inProgress = new Set<Promise<void>>();

  function schedule(task: PeriodicTask): void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      const run = task
        .run()
        .catch((error: unknown) =>
          logger.warn({ err: error, task: task.name }, "maintenance task failed; will retry"),
        )
        .finally(() => {
          busy = false;
          inProgress.delete(run);
        });
      inProgress.add(run);
    }, task.everyMs);
    timer.unref();
    timers.push(timer);
  }

  return {
    start(): void {
      for (const task of tasks) schedule(task);
    },
    async stop(): Promise<void> {
      for (const timer of timers.splice(0)) clearInterval(timer);
      await Promise.allSettled([...inProgress]);
    },
  };
}
