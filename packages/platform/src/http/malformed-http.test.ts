import { type AddressInfo, connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../test/build-test-app.ts";
import { type RawResponse, rawRequest } from "../../test/raw-http.ts";
import { ErrorBody } from "./http-error.ts";

let built: TestApp;
let port: number;

beforeAll(async () => {
  built = await buildTestApp();
  built.app.post("/echo", async (request) => ({ got: request.body }));
  await built.app.listen({ host: "127.0.0.1", port: 0 });
  port = (built.app.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await built.app.close();
});

/** Sends raw bytes and checks the answer is ours: the contract's error body, JSON, with a request id. */
async function expectErrorBody(request: string, statusCode: number, error: string): Promise<RawResponse> {
  const response = await rawRequest(port, request);
  expect({ statusCode: response.statusCode, body: response.body }).toMatchObject({ statusCode });
  expect(response.headers["content-type"]).toMatch(/^application\/json/);
  expect(response.headers["x-request-id"]).toMatch(/^[A-Za-z0-9._-]+$/);
  const body: unknown = JSON.parse(response.body);
  expect(ErrorBody.strict().safeParse(body).success).toBe(true);
  expect(body).toMatchObject({ error });
  return response;
}

const HOST = "Host: localhost\r\n";

describe("malformed HTTP gets the contract's error body, not Node's or Fastify's", () => {
  it("a carriage return inside a header value", async () => {
    await expectErrorBody(`GET /healthz HTTP/1.1\r\n${HOST}X-Note: a\rb\r\n\r\n`, 400, "bad_request");
  });

  it("a header line without a name (header splitting)", async () => {
    await expectErrorBody(`GET /healthz HTTP/1.1\r\n${HOST}: injected\r\n\r\n`, 400, "bad_request");
  });

  it("Content-Length together with Transfer-Encoding (request smuggling)", async () => {
    await expectErrorBody(
      `POST /echo HTTP/1.1\r\n${HOST}Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
      400,
      "bad_request",
    );
  });

  it("two different Content-Lengths", async () => {
    await expectErrorBody(
      `POST /echo HTTP/1.1\r\n${HOST}Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
      400,
      "bad_request",
    );
  });

  it("40 KB of headers", async () => {
    await expectErrorBody(
      `GET /healthz HTTP/1.1\r\n${HOST}X-Big: ${"a".repeat(40 * 1024)}\r\n\r\n`,
      431,
      "headers_too_large",
    );
  });

  it("an Expect header we cannot meet", async () => {
    const response = await expectErrorBody(
      `POST /echo HTTP/1.1\r\n${HOST}Expect: 999-x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
      417,
      "expectation_failed",
    );
    expect(JSON.parse(response.body)).toMatchObject({ details: [{ header: "expect" }] });
  });

  it("a body that is not JSON, a content type nobody parses and an unknown route, over a real socket", async () => {
    const post = (type: string, body: string) =>
      `POST /echo HTTP/1.1\r\n${HOST}Content-Type: ${type}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
    await expectErrorBody(post("application/json", "{nope"), 400, "invalid_json");
    await expectErrorBody(post("text/xml", "<a/>"), 415, "unsupported_media_type");
    await expectErrorBody(`GET /nope HTTP/1.1\r\n${HOST}Connection: close\r\n\r\n`, 404, "not_found");
  });

  it("still answers a well-formed request", async () => {
    const body = '{"a":1}';
    const response = await rawRequest(
      port,
      `POST /echo HTTP/1.1\r\n${HOST}Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ got: { a: 1 } });
  });
});

/** A promise and the function that resolves it. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe("draining", () => {
  it("answers a request that arrives while the server closes with 503 shutting_down in our body", async () => {
    const draining = await buildTestApp();
    const slow = signal();
    const release = signal();
    const closing = signal();
    draining.app.get("/slow", async () => {
      slow.resolve();
      await release.promise;
      return { slow: true };
    });
    // Runs after createHttpApp's own preClose hook (hooks run in the order they were added).
    draining.app.addHook("preClose", (done) => {
      closing.resolve();
      done();
    });
    await draining.app.listen({ host: "127.0.0.1", port: 0 });
    const drainPort = (draining.app.server.address() as AddressInfo).port;
    const socket = connect({ host: "127.0.0.1", port: drainPort });
    let received = "";
    socket.on("data", (chunk) => {
      received += chunk.toString();
    });
    const ended = new Promise((resolve) => socket.on("close", resolve));
    // The slow request keeps the connection busy, so close() cannot drop it as idle.
    socket.write(`GET /slow HTTP/1.1\r\n${HOST}\r\n`);
    await slow.promise;
    const closed = draining.app.close();
    await closing.promise;
    socket.write(`GET /slow HTTP/1.1\r\n${HOST}\r\n`);
    release.resolve();
    await Promise.all([closed, ended]);
    const answers = received.split(/(?=HTTP\/1\.1 )/);
    expect(answers.map((answer) => answer.slice(9, 12))).toEqual(["200", "503"]);
    expect(JSON.parse(answers[1]?.split("\r\n\r\n")[1] ?? "")).toMatchObject({
      error: "shutting_down",
      details: [],
    });
  });
});
