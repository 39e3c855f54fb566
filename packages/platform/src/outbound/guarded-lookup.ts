import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import type { OutboundPolicy } from "./outbound-policy.ts";

/** Every address of a name (the getaddrinfo answer); injectable so tests need no DNS server. */
export type HostLookup = (
  hostname: string,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export const systemLookup: HostLookup = (hostname, callback) =>
  dnsLookup(hostname, { all: true, order: "verbatim" }, callback);

export const DESTINATION_REFUSED = "EDESTINATIONREFUSED";

function refusal(hostname: string, address: string, range: string): string {
  return `${hostname} resolves to ${address}, a ${range} address`;
}

function firstRefused(hostname: string, addresses: LookupAddress[], policy: OutboundPolicy): string | null {
  for (const { address } of addresses) {
    const range = policy.refusedAddress(address);
    if (range !== null) return refusal(hostname, address, range);
  }
  return null;
}

/**
 * A `lookup` for net/tls.connect (undici: `new Agent({ connect: { lookup } })`). The socket
 * connects to the address checked here, never to a second answer, so a name that resolved to
 * a public address when the endpoint was created and now resolves to 127.0.0.1 or
 * 169.254.169.254 (DNS rebinding) fails the connect with EDESTINATIONREFUSED. A name with any
 * refused address is refused whole: which one the socket would pick is not ours to predict.
 */
export function createGuardedLookup(
  policy: OutboundPolicy,
  lookup: HostLookup = systemLookup,
): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, (error, found) => {
      if (error) return callback(error, options.all ? [] : "", 0);
      const family = options.family === 4 || options.family === 6 ? options.family : 0;
      const addresses = family === 0 ? found : found.filter((entry) => entry.family === family);
      const refused = policy.isAllowedHost(hostname) ? null : firstRefused(hostname, addresses, policy);
      const first = addresses[0];
      if (refused !== null || first === undefined) {
        const message = refused ?? `${hostname} has no IPv${family} address`;
        const code = refused === null ? "ENOTFOUND" : DESTINATION_REFUSED;
        return callback(Object.assign(new Error(message), { code }), options.all ? [] : "", 0);
      }
      if (options.all) return callback(null, addresses);
      callback(null, first.address, first.family);
    });
  };
}

export type ResolveVerdict = { ok: true } | { ok: false; reason: string };

/**
 * The creation-time check of a name: refused when it resolves to any refused address. A name
 * that does not resolve (yet), or not within `timeoutMs`, is accepted — CONTRACT.md: the
 * dispatcher checks it again at every delivery, and an API call must not hang on DNS.
 */
export function resolveAndCheck(
  hostname: string,
  policy: OutboundPolicy,
  options: { lookup?: HostLookup; timeoutMs?: number } = {},
): Promise<ResolveVerdict> {
  if (policy.isAllowedHost(hostname)) return Promise.resolve({ ok: true });
  const lookup = options.lookup ?? systemLookup;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ ok: true }), options.timeoutMs ?? 2_000);
    lookup(hostname, (error, addresses) => {
      clearTimeout(timer);
      const refused = error ? null : firstRefused(hostname, addresses, policy);
      resolve(refused === null ? { ok: true } : { ok: false, reason: refused });
    });
  });
}
