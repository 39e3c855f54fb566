import { describe, expect, it } from "vitest";
import { createSlotScheduler } from "../src/slot-scheduler.ts";

/** Jobs that finish only when the test says so. */
function controlled() {
  const started: string[] = [];
  const finish = new Map<string, () => void>();
  const run = (item: string) =>
    new Promise<void>((resolve) => {
      started.push(item);
      finish.set(item, resolve);
    });
  const done = async (item: string) => {
    finish.get(item)?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { started, run, done };
}

function scheduler(
  jobs: ReturnType<typeof controlled>,
  limits: { global: number; perKey: number; queuePerKey: number },
) {
  return createSlotScheduler<string>({
    ...limits,
    run: jobs.run,
    onError: (error) => {
      throw error;
    },
  });
}

describe("the slot scheduler", () => {
  it("runs at most perKey jobs of one endpoint, queues queuePerKey more, and refuses the rest", () => {
    const jobs = controlled();
    const s = scheduler(jobs, { global: 10, perKey: 2, queuePerKey: 1 });
    expect(["a1", "a2", "a3", "a4"].map((item) => s.submit("a", item))).toEqual([
      "started",
      "started",
      "queued",
      "saturated",
    ]);
    expect(jobs.started).toEqual(["a1", "a2"]);
  });

  it("keeps starting other endpoints' jobs while one endpoint's jobs hang", async () => {
    const jobs = controlled();
    const s = scheduler(jobs, { global: 4, perKey: 2, queuePerKey: 1 });
    s.submit("slow", "s1");
    s.submit("slow", "s2");
    s.submit("slow", "s3");
    for (const item of ["f1", "f2"]) expect(s.submit("fast", item)).toBe("started");
    await jobs.done("f1");
    await jobs.done("f2");
    expect(s.submit("fast", "f3")).toBe("started");
    expect(jobs.started).toEqual(["s1", "s2", "f1", "f2", "f3"]);
    await s.whenRoom(); // resolves: the hanging endpoint holds only its own two slots
  });

  it("caps one endpoint's slots at global − 1 so another endpoint always finds one", () => {
    const jobs = controlled();
    const s = scheduler(jobs, { global: 3, perKey: 8, queuePerKey: 0 });
    expect(s.perKey).toBe(2);
    s.submit("slow", "s1");
    s.submit("slow", "s2");
    expect(s.submit("slow", "s3")).toBe("saturated");
    expect(s.submit("fast", "f1")).toBe("started");
  });

  it("starts a waiting job when its endpoint frees a slot, and queues for a global slot when all are taken", async () => {
    const jobs = controlled();
    const s = scheduler(jobs, { global: 2, perKey: 1, queuePerKey: 2 });
    s.submit("a", "a1");
    s.submit("a", "a2");
    s.submit("b", "b1");
    expect(s.submit("c", "c1")).toBe("queued"); // c has a slot of its own, but no global one is free
    let roomy = false;
    const room = s.whenRoom().then(() => {
      roomy = true;
    });
    await jobs.done("a1"); // its global slot goes to c1, first in line; a2 now waits for one
    expect(jobs.started).toEqual(["a1", "b1", "c1"]);
    await jobs.done("b1");
    expect(jobs.started).toEqual(["a1", "b1", "c1", "a2"]);
    expect(roomy).toBe(false);
    await jobs.done("c1");
    await room;
    expect(roomy).toBe(true);
  });

  it("hands back the jobs it has not started when closed, and tells when the running ones are done", async () => {
    const jobs = controlled();
    const s = scheduler(jobs, { global: 1, perKey: 1, queuePerKey: 2 });
    s.submit("a", "a1");
    s.submit("a", "a2");
    s.submit("b", "b1");
    expect(s.held().sort()).toEqual(["a1", "a2", "b1"]);
    expect(s.close().sort()).toEqual(["a2", "b1"]);
    expect(s.submit("c", "c1")).toBe("saturated");
    let idle = false;
    const whenIdle = s.whenIdle().then(() => {
      idle = true;
    });
    expect(idle).toBe(false);
    await jobs.done("a1");
    await whenIdle;
    expect(jobs.started).toEqual(["a1"]);
  });
});
