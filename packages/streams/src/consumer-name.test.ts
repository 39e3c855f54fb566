import { describe, expect, it } from "vitest";
import { consumerName } from "./consumer-name.ts";

const sources = { hostname: () => "host-a", pid: 4242, random4: () => "beef" };

describe("consumer name", () => {
  it("uses CONSUMER_NAME when it is set (the pod name on Kubernetes)", () => {
    expect(consumerName({ CONSUMER_NAME: "processor-7f9c-abcde" }, sources)).toBe("processor-7f9c-abcde");
  });

  it("falls back to host, pid and a random suffix when CONSUMER_NAME is unset or blank", () => {
    expect(consumerName({}, sources)).toBe("host-a-4242-beef");
    expect(consumerName({ CONSUMER_NAME: "  " }, sources)).toBe("host-a-4242-beef");
  });

  it("uses this process's host and pid with four random hex characters by default", () => {
    expect(consumerName({})).toMatch(new RegExp(`-${process.pid}-[0-9a-f]{4}$`));
  });
});
