import { LoyaltyError } from "@loyalty/core";
import { createTestRedis } from "@loyalty/testing";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { redisFailure } from "../errors.ts";
import { classifyError, describeError, PermanentEventError, TransientError } from "./errors.ts";

function coded(code: string, message = code, name = "Error"): Error {
  const error = new Error(message);
  error.name = name;
  return Object.assign(error, { code });
}

// postgres.js raises PostgresError with the SQLSTATE as `code`, and its own connection codes.
const pg = (sqlstate: string) => coded(sqlstate, `postgres says ${sqlstate}`, "PostgresError");

describe("classifyError", () => {
  it.each([
    ["a refused connection", coded("ECONNREFUSED")],
    ["a reset connection", coded("ECONNRESET")],
    ["a socket timeout", coded("ETIMEDOUT")],
    ["a broken pipe", coded("EPIPE")],
    ["an unresolvable host", coded("ENOTFOUND")],
    ["ioredis' closed connection", new Error("Connection is closed.")],
    [
      "ioredis giving up after maxRetriesPerRequest",
      Object.assign(new Error("Reached the max retries"), { name: "MaxRetriesPerRequestError" }),
    ],
    ["postgres.js CONNECTION_CLOSED", coded("CONNECTION_CLOSED")],
    ["postgres.js CONNECTION_ENDED", coded("CONNECTION_ENDED")],
    ["postgres.js CONNECT_TIMEOUT", coded("CONNECT_TIMEOUT")],
    ["SQLSTATE 08006 connection_failure", pg("08006")],
    ["SQLSTATE 08001 unable to connect", pg("08001")],
    ["SQLSTATE 40001 serialization_failure", pg("40001")],
    ["SQLSTATE 40P01 deadlock_detected", pg("40P01")],
    ["SQLSTATE 57P01 admin_shutdown", pg("57P01")],
    ["SQLSTATE 57P02 crash_shutdown", pg("57P02")],
    ["SQLSTATE 57P03 cannot_connect_now", pg("57P03")],
    ["SQLSTATE 53300 too_many_connections", pg("53300")],
    [
      "a Redis failover reply",
      coded("", "READONLY You can't write against a read only replica.", "ReplyError"),
    ],
    ["our own redis_unavailable wrapper", redisFailure(new Error("Connection is closed."), "reading")],
    ["an explicit TransientError", new TransientError("database is restarting")],
    [
      "a serialization failure wrapped by drizzle as cause",
      new Error("Failed query", { cause: pg("40001") }),
    ],
    [
      "an AggregateError of refused connections",
      new AggregateError([coded("ECONNREFUSED")], "connect failed"),
    ],
  ])("calls %s transient", (_label, error) => {
    expect(classifyError(error)).toBe("transient");
  });

  it.each([
    ["a rule that throws a TypeError", new TypeError("Cannot read properties of undefined")],
    ["an invalid envelope", new LoyaltyError("invalid_envelope", "The entry fails the envelope schema")],
    ["a unique violation (23505)", pg("23505")],
    ["a check violation (23514)", pg("23514")],
    ["a statement timeout (57014), which this event may cause every time", pg("57014")],
    [
      "a Redis WRONGTYPE reply",
      coded("", "WRONGTYPE Operation against a key holding the wrong kind of value", "ReplyError"),
    ],
    [
      "an explicit PermanentEventError, even around a network error",
      new PermanentEventError("refund of an unknown order", { cause: coded("ECONNRESET") }),
    ],
    ["a thrown string", "boom"],
    ["undefined", undefined],
  ])("calls %s permanent", (_label, error) => {
    expect(classifyError(error)).toBe("permanent");
  });

  it("calls the error of a real Redis server refusing a command permanent", async () => {
    const t = await createTestRedis("classify");
    try {
      await t.client.set(`${t.prefix}:string`, "x");
      const error = await t.client.xlen(`${t.prefix}:string`).catch((e: unknown) => e);
      expect(classifyError(error)).toBe("permanent");
    } finally {
      await t.cleanup();
    }
  });

  it("calls the error of a real ioredis client without a server transient", async () => {
    // Port 1 refuses connections; no reconnects, so the command fails at once.
    const client = new Redis({
      host: "127.0.0.1",
      port: 1,
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    client.on("error", () => {});
    const error = await client.xlen("k").catch((e: unknown) => e);
    client.disconnect();
    expect(error).toBeInstanceOf(Error);
    expect(classifyError(error)).toBe("transient");
  });
});

describe("TransientError and PermanentEventError", () => {
  it("carry stable codes and keep their cause", () => {
    const cause = coded("ECONNRESET");
    const transient = new TransientError("lost Postgres", { cause });
    const permanent = new PermanentEventError("rule failed", { details: [{ ruleId: "r1" }] });

    expect(transient).toBeInstanceOf(LoyaltyError);
    expect(transient.code).toBe("transient_failure");
    expect(transient.cause).toBe(cause);
    expect(permanent.code).toBe("permanent_event_failure");
    expect(permanent.details).toEqual([{ ruleId: "r1" }]);
  });
});

describe("describeError", () => {
  it("records a code and a message for loyalty errors, coded errors and anything else", () => {
    expect(describeError(new PermanentEventError("no order"))).toEqual({
      code: "permanent_event_failure",
      message: "no order",
    });
    expect(describeError(pg("23505"))).toEqual({ code: "23505", message: "postgres says 23505" });
    expect(describeError(new TypeError("x is undefined"))).toEqual({
      code: "TypeError",
      message: "x is undefined",
    });
    expect(describeError(42)).toEqual({ code: "unknown_error", message: "42" });
  });
});
