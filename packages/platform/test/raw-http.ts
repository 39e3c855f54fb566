import { connect } from "node:net";

export interface RawResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes `request` byte for byte to 127.0.0.1:`port` and reads one HTTP/1.1 answer. Raw bytes,
 * because what these tests send (CR in a value, two Content-Lengths, …) is exactly what an HTTP
 * client library refuses to produce.
 */
export function rawRequest(port: number, request: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      const parsed = parse(received)?.response;
      if (parsed) {
        settled = true;
        socket.destroy();
        resolve(parsed);
      } else if (error || socket.destroyed || socket.readableEnded) {
        settled = true;
        socket.destroy();
        reject(
          error ??
            new Error(`connection closed before a full answer: ${JSON.stringify(received.toString())}`),
        );
      }
    };
    socket.on("data", (chunk) => {
      received = Buffer.concat([received, chunk]);
      finish();
    });
    socket.on("end", () => finish(new Error(`connection ended: ${JSON.stringify(received.toString())}`)));
    socket.on("error", (error) => finish(error));
    socket.on("connect", () => socket.write(request));
  });
}

function parse(bytes: Buffer): { response: RawResponse; length: number } | null {
  const end = bytes.indexOf("\r\n\r\n");
  if (end === -1) return null;
  const [statusLine = "", ...lines] = bytes.subarray(0, end).toString("latin1").split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers["content-length"] ?? "0");
  const body = bytes.subarray(end + 4);
  if (body.length < length) return null;
  return {
    response: {
      statusCode: Number(statusLine.split(" ")[1]),
      headers,
      body: body.subarray(0, length).toString("utf8"),
    },
    length: end + 4 + length,
  };
}
