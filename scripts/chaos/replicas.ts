import { type ChildService, spawnService } from "../../tests/reliability/support/child-service.ts";

export interface ReplicaSet {
  /** SIGKILLs one replica chosen at random and starts a fresh one in its place. */
  killOne(random: () => number): Promise<void>;
  readonly kills: number;
  /** Replicas that exited without being killed by us (crashes), with their last lines. */
  readonly crashes: Array<{ code: number | null; signal: string | null; tail: string[] }>;
  stop(): Promise<void>;
}

/**
 * `count` processor replicas as child processes, each with its own generated consumer name
 * (as in a Kubernetes Deployment): a killed replica's entries are taken over by the others'
 * claimer once they have been idle for PROCESSING_TIMEOUT_MS. A replica that dies on its own
 * is restarted too, and recorded.
 */
export function startReplicas(count: number, env: Record<string, string>): ReplicaSet {
  const slots: ChildService[] = [];
  const expected = new Set<ChildService>();
  const crashes: ReplicaSet["crashes"] = [];
  let kills = 0;
  let stopping = false;

  const launch = (slot: number) => {
    const child = spawnService("processor", env);
    slots[slot] = child;
    void child.exited.then((exit) => {
      if (expected.has(child) || stopping) return;
      crashes.push({ code: exit.code, signal: exit.signal, tail: child.tail().slice(-20) });
      launch(slot);
    });
  };
  for (let slot = 0; slot < count; slot++) launch(slot);

  return {
    async killOne(random) {
      const slot = Math.floor(random() * slots.length);
      const victim = slots[slot]!;
      expected.add(victim);
      await victim.stop("SIGKILL");
      kills++;
      if (!stopping) launch(slot);
    },
    get kills() {
      return kills;
    },
    crashes,
    async stop() {
      stopping = true;
      await Promise.all(slots.map((child) => child.stop("SIGTERM")));
    },
  };
}
