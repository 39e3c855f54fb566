import { createTestRedis, type TestRedis } from "@loyalty/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StreamsLogger } from "./client.ts";
import { checkEvictionPolicy, warnUnlessNoEviction } from "./eviction-check.ts";

let t: TestRedis;

beforeAll(async () => {
  t = await createTestRedis("eviction");
});

afterAll(async () => {
  await t.cleanup();
});

async function serverPolicy(): Promise<string> {
  const reply: unknown = await t.client.config("GET", "maxmemory-policy");
  return Array.isArray(reply) ? String(reply[1]) : "";
}

describe("eviction check", () => {
  it("reports the maxmemory-policy of the server", async () => {
    const expected = await serverPolicy();
    const check = await checkEvictionPolicy(t.client);
    expect(check.policy).toBe(expected);
    expect(check.ok).toBe(expected === "noeviction");
  });

  it("warns exactly when the policy is not noeviction, naming the policy", async () => {
    const warnings: string[] = [];
    const logger: StreamsLogger = { warn: (_obj, msg) => warnings.push(msg ?? ""), error: () => {} };
    const check = await warnUnlessNoEviction(t.client, logger);
    if (check.ok) {
      expect(warnings).toEqual([]);
    } else {
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(String(check.policy));
      expect(warnings[0]?.split("\n").length).toBeGreaterThan(3);
    }
  });
});
