import { describe, expect, it } from "vitest";
import { createLogger, flushLogger } from "./logger.ts";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const destination = {
    write(line: string) {
      raw.push(line);
      lines.push(JSON.parse(line));
    },
  };
  return { lines, raw, destination };
}

describe("createLogger", () => {
  it("writes JSON lines with the process name, a label level and an ISO time", () => {
    const { lines, destination } = capture();
    createLogger({ name: "ingest", level: "info", destination }).info({ eventId: "e1" }, "accepted");
    expect(lines[0]).toMatchObject({ name: "ingest", level: "info", msg: "accepted", eventId: "e1" });
    expect(String(lines[0]?.["time"])).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it("respects the level", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ name: "q", level: "warn", destination });
    logger.info("hidden");
    logger.warn("shown");
    expect(lines.map((line) => line["msg"])).toEqual(["shown"]);
  });

  it("censors credential and signature headers", () => {
    const { lines, raw, destination } = capture();
    createLogger({ name: "ingest", level: "info", destination }).info(
      {
        req: {
          headers: {
            authorization: "Bearer key_live_123",
            cookie: "session=abc",
            "x-shopify-hmac-sha256": "c2lnbmF0dXJl",
            "x-loyalty-signature": "t=1,v1=deadbeef",
            "x-shopify-topic": "orders/paid",
          },
        },
      },
      "request",
    );
    expect(lines[0]?.["req"]).toEqual({
      headers: {
        authorization: "[Redacted]",
        cookie: "[Redacted]",
        "x-shopify-hmac-sha256": "[Redacted]",
        "x-loyalty-signature": "[Redacted]",
        "x-shopify-topic": "orders/paid",
      },
    });
    expect(raw.join("")).not.toMatch(/key_live_123|session=abc|c2lnbmF0dXJl|deadbeef/);
  });

  it("censors secret-named fields and the config's secrets, keeping URL hosts but not passwords", () => {
    const { lines, raw, destination } = capture();
    createLogger({ name: "query", level: "info", destination }).info(
      {
        endpoint: { url: "https://merchant.example/hook", secret: "whsec_1" },
        user: { password: "pw-1", apiKey: "ak-1", token: "tk-1" },
        config: {
          SHOPIFY_API_SECRET: "shpss_1",
          OPS_TOKEN: "ops-token-0123456789",
          DATABASE_URL: "postgres://app:pg-pass@db:5432/loyalty",
          STREAM_PARTITIONS: 16,
        },
        SHOPIFY_API_SECRET: "shpss_top",
      },
      "config loaded",
    );
    const line = lines[0] ?? {};
    expect(line["endpoint"]).toEqual({ url: "https://merchant.example/hook", secret: "[Redacted]" });
    expect(line["user"]).toEqual({ password: "[Redacted]", apiKey: "[Redacted]", token: "[Redacted]" });
    expect(line["config"]).toEqual({
      SHOPIFY_API_SECRET: "[Redacted]",
      OPS_TOKEN: "[Redacted]",
      DATABASE_URL: "postgres://app:***@db:5432/loyalty",
      STREAM_PARTITIONS: 16,
    });
    expect(line["SHOPIFY_API_SECRET"]).toBe("[Redacted]");
    expect(raw.join("")).not.toMatch(/whsec_1|pw-1|ak-1|tk-1|shpss_|ops-token|pg-pass/);
  });

  it("serialises errors with their cause", () => {
    const { lines, destination } = capture();
    const cause = new Error("ECONNREFUSED");
    createLogger({ name: "p", level: "info", destination }).error(
      { err: new Error("batch failed", { cause }) },
      "failed",
    );
    expect(lines[0]?.["err"]).toMatchObject({
      type: "Error",
      message: "batch failed",
      cause: { type: "Error", message: "ECONNREFUSED" },
    });
  });

  it("flushes without waiting forever on a destination that cannot flush", async () => {
    const { lines, destination } = capture();
    const logger = createLogger({ name: "p", level: "info", destination });
    logger.info("last words");
    await flushLogger(logger);
    expect(lines).toHaveLength(1);
  });
});
