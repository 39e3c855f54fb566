import { isLoyaltyError } from "@loyalty/core";
import { createTestRedis, type TestRedis } from "@loyalty/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createRedis,
  reconnectDelay,
  reconnectOnError,
  type StreamsLogger,
  waitUntilReady,
} from "./client.ts";
import { streamKeys } from "./keys.ts";
import { createProducer } from "./producer.ts";
import { orderPaidEnvelope } from "./test-support/envelopes.ts";

/** Nothing listens on port 1: connections are refused at once. */
const CLOSED_PORT_URL = "redis://127.0.0.1:1";

function recordingLogger() {
  const errors: Array<{ obj: object; msg?: string }> = [];
  let notify: () => void = () => {};
  const firstError = new Promise<void>((resolve) => {
    notify = resolve;
  });
  const logger: StreamsLogger = {
    warn: () => {},
    error: (obj, msg) => {
      errors.push({ obj, ...(msg === undefined ? {} : { msg }) });
      notify();
    },
  };
  return { logger, errors, firstError };
}

let t: TestRedis;

beforeAll(async () => {
  t = await createTestRedis("client");
});

afterAll(async () => {
  await t.cleanup();
});

describe("createRedis", () => {
  it("rejects a request-mode command when Redis is unreachable instead of waiting for it", async () => {
    const { logger } = recordingLogger();
    const redis = createRedis({ url: CLOSED_PORT_URL, name: "closed-port", mode: "request", logger });
    try {
      await expect(redis.ping()).rejects.toThrow();
    } finally {
      redis.disconnect();
    }
  });

  it("turns an unreachable Redis into redis_unavailable when publishing", async () => {
    const { logger } = recordingLogger();
    const redis = createRedis({ url: CLOSED_PORT_URL, name: "closed-port-publish", mode: "request", logger });
    try {
      const producer = createProducer({ redis, keys: streamKeys({ prefix: t.prefix, partitions: 4 }) });
      await expect(producer.publish(orderPaidEnvelope())).rejects.toSatisfy((error) =>
        isLoyaltyError(error, "redis_unavailable"),
      );
    } finally {
      redis.disconnect();
    }
  });

  it("logs connection errors through the injected logger instead of crashing or swallowing them", async () => {
    const { logger, errors, firstError } = recordingLogger();
    const redis = createRedis({ url: CLOSED_PORT_URL, name: "closed-port-log", mode: "worker", logger });
    try {
      await firstError;
      expect(errors[0]?.obj).toMatchObject({ redis: "closed-port-log", err: expect.any(Error) });
    } finally {
      redis.disconnect();
    }
  });

  it("connects a worker-mode client that names its connection", async () => {
    const redis = createRedis({ url: t.url, name: "worker-test", mode: "worker" });
    try {
      await waitUntilReady(redis, 10_000);
      expect(await redis.ping()).toBe("PONG");
      expect(await redis.client("GETNAME")).toBe("worker-test");
    } finally {
      redis.disconnect();
    }
  });

  it("refuses to wait for a client that was closed", async () => {
    const redis = createRedis({ url: t.url, name: "closed-client", mode: "request" });
    await waitUntilReady(redis, 10_000);
    const ended = new Promise((resolve) => redis.once("end", resolve));
    redis.disconnect();
    await ended;
    await expect(waitUntilReady(redis, 10_000)).rejects.toSatisfy((error) =>
      isLoyaltyError(error, "redis_unavailable"),
    );
  });
});

describe("reconnect policy", () => {
  it("backs off exponentially and never gives up, capped at two seconds", () => {
    expect(reconnectDelay(1)).toBe(100);
    expect(reconnectDelay(2)).toBe(200);
    expect(reconnectDelay(5)).toBe(1600);
    expect(reconnectDelay(6)).toBe(2000);
    expect(reconnectDelay(10_000)).toBe(2000);
  });

  it("reconnects and resends on READONLY (a failover) and on nothing else", () => {
    expect(reconnectOnError(new Error("READONLY You can't write against a read only replica."))).toBe(2);
    expect(reconnectOnError(new Error("WRONGTYPE Operation against a key holding the wrong kind"))).toBe(
      false,
    );
  });
});
