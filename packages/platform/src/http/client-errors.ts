import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { FastifyBaseLogger } from "fastify";
import type { ErrorBody } from "./http-error.ts";
import { REQUEST_ID_HEADER } from "./request-id.ts";

/*
 * Answers for requests Node's HTTP parser refuses before Fastify ever sees them: a CR in a
 * header value, a header line without a name, Content-Length with Transfer-Encoding, two
 * Content-Lengths, headers past --max-http-header-size, an Expect we cannot meet. Node and
 * Fastify answer those with their own bodies (or an empty 417); clients of ours branch on
 * `error`, so they get the contract's body here too. There is no request to take an id from
 * (its headers are exactly what failed), so each answer gets a fresh one, logged beside it.
 */

interface ClientErrorAnswer {
  statusCode: number;
  status: string;
  body: ErrorBody;
}

function answerFor(error: NodeJS.ErrnoException): ClientErrorAnswer {
  if (error.code === "HPE_HEADER_OVERFLOW") {
    return {
      statusCode: 431,
      status: "Request Header Fields Too Large",
      body: {
        error: "headers_too_large",
        message: "The request headers are larger than this server accepts.",
        details: [],
      },
    };
  }
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
    return {
      statusCode: 408,
      status: "Request Timeout",
      body: { error: "request_timeout", message: "The request was not received in time.", details: [] },
    };
  }
  // llhttp's code names the rule that was broken (HPE_INVALID_HEADER_TOKEN, HPE_UNEXPECTED_CONTENT_LENGTH, …).
  const parserError = typeof error.code === "string" ? error.code : "unknown";
  return {
    statusCode: 400,
    status: "Bad Request",
    body: {
      error: "bad_request",
      message: "The request is not well-formed HTTP/1.1.",
      details: [{ parserError }],
    },
  };
}

function rawResponse(answer: ClientErrorAnswer, requestId: string): string {
  const body = JSON.stringify(answer.body);
  return [
    `HTTP/1.1 ${answer.statusCode} ${answer.status}`,
    "Content-Type: application/json; charset=utf-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
    `${REQUEST_ID_HEADER}: ${requestId}`,
    "Connection: close",
    "",
    body,
  ].join("\r\n");
}

/** Fastify's `clientErrorHandler`: called with the socket, since no request could be parsed. */
export function createClientErrorHandler(logger: FastifyBaseLogger) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    // A reset or an already-closed socket has nobody left to answer (Fastify's default does the same).
    if (error.code === "ECONNRESET" || socket.destroyed) return;
    const answer = answerFor(error);
    const requestId = randomUUID();
    logger.debug({ reqId: requestId, code: answer.body.error, parserError: error.code }, "client error");
    if (socket.writable) socket.end(rawResponse(answer, requestId));
    else socket.destroy();
  };
}

/**
 * Node's `checkExpectation` listener. Without one Node answers an empty 417 itself; with it,
 * the request is ours to answer, and it never reaches Fastify's routes (its body was not asked for).
 */
export function createExpectationHandler(logger: FastifyBaseLogger) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const requestId = randomUUID();
    const body: ErrorBody = {
      error: "expectation_failed",
      message: "Only `Expect: 100-continue` is supported.",
      details: [{ header: "expect" }],
    };
    logger.debug({ reqId: requestId, code: body.error, url: request.url }, "client error");
    const text = JSON.stringify(body);
    response.writeHead(417, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(text),
      [REQUEST_ID_HEADER]: requestId,
      connection: "close",
    });
    response.end(text);
  };
}
