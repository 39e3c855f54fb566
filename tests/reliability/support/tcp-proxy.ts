import { once } from "node:events";
import net from "node:net";

/**
 * `refuse`: nothing listens (ECONNREFUSED, as when Postgres is down).
 * `reset`: connections are accepted and closed at once (a pooler or load balancer in front of
 * a dead backend).
 * `stall`: open connections stop carrying bytes and new ones are accepted and never answered,
 * like a half-open TCP connection after a silent network partition. Not undone by restore().
 */
export type CutMode = "refuse" | "reset" | "stall";

export interface TcpProxy {
  port: number;
  /** Client connections accepted so far. */
  readonly accepted: number;
  /** Destroys every open connection and keeps new ones from reaching the target. */
  cut(mode?: CutMode): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy a test controls: the code under test connects through it, and `cut()`
 * is a network partition from that code's point of view while every other connection to the
 * real server (other test files, the test's own assertions) carries on. Hand-written on
 * node:net because it is a few lines and a library would add nothing but a dependency.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  let resetting = false;
  let stalling = false;
  let accepted = 0;
  const server = net.createServer((client) => {
    accepted++;
    if (resetting) {
      client.destroy();
      return;
    }
    if (stalling) {
      open.add(client);
      client.on("close", () => open.delete(client));
      client.on("error", () => {});
      return;
    }
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
      // A reset is the point of the exercise; what the client sees is its own socket closing.
      socket.on("error", () => {});
    }
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
    const pair = { client, upstream };
    pairs.add(pair);
    client.on("close", () => pairs.delete(pair));
  });
  const listen = async (port: number) => {
    server.listen(port, "127.0.0.1");
    await once(server, "listening");
  };
  await listen(0);
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("proxy has no TCP address");
  const port = address.port;
  const stopListening = () => new Promise<void>((resolve) => server.close(() => resolve()));

  return {
    port,
    get accepted() {
      return accepted;
    },
    async cut(mode = "refuse") {
      if (mode === "stall") {
        stalling = true;
        for (const { client, upstream } of pairs) {
          client.unpipe(upstream);
          upstream.unpipe(client);
          client.pause();
          upstream.pause();
        }
        return;
      }
      for (const socket of open) socket.destroy();
      if (mode === "reset") resetting = true;
      else await stopListening();
    },
    async restore() {
      if (resetting) resetting = false;
      else if (!server.listening) await listen(port);
    },
    async close() {
      for (const socket of open) socket.destroy();
      if (server.listening) await stopListening();
    },
  };
}
