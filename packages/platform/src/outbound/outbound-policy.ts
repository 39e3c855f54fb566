import { isIpAddress, refusedRange } from "./address-ranges.ts";

export interface OutboundPolicyOptions {
  /** NODE_ENV=production: https only. */
  production: boolean;
  /** WEBHOOK_ALLOWED_HOSTS: hostnames or addresses exempt from the address checks (local dev). */
  allowedHosts: readonly string[];
}

export type UrlVerdict =
  | {
      ok: true;
      /** The URL as the WHATWG parser normalises it (what we store and call). */
      url: string;
      /** Its host without brackets; `isAddress` when it is an IP literal. */
      host: { name: string; isAddress: boolean };
    }
  | { ok: false; reason: string };

export interface OutboundPolicy {
  /** Scheme, credentials, IP literals and names that are local by definition. No I/O. */
  checkUrl(raw: string): UrlVerdict;
  /** True for a host listed in WEBHOOK_ALLOWED_HOSTS. */
  isAllowedHost(host: string): boolean;
  /** Why a resolved address may not be called, or null (see refusedRange). */
  refusedAddress(address: string): string | null;
}

/**
 * Names that reach this machine or a private network whatever DNS says: RFC 6761 `localhost`,
 * `.internal` (ICANN's private-use TLD; metadata.google.internal), mDNS `.local`, RFC 8375
 * `.home.arpa`, and single-label names, which resolvers complete with a search domain.
 */
function refusedName(name: string): string | null {
  if (name === "localhost" || name.endsWith(".localhost")) return "a localhost name";
  for (const suffix of [".internal", ".local", ".home.arpa", ".localdomain"]) {
    if (name.endsWith(suffix)) return `a private-use ${suffix} name`;
  }
  if (!name.includes(".")) return "a single-label (intranet) name";
  return null;
}

/** Lowercase, no brackets, no trailing dot: how hosts are compared. */
function normaliseHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
}

/**
 * CONTRACT.md's outbound URL policy for webhook endpoints: https only in production (plain
 * http elsewhere), no credentials in the URL, no loopback, private, link-local, multicast or
 * metadata destination, exceptions by exact host in WEBHOOK_ALLOWED_HOSTS. The query service
 * applies it at creation; the dispatcher again before and during every connect.
 */
export function createOutboundPolicy(options: OutboundPolicyOptions): OutboundPolicy {
  const allowed = new Set(options.allowedHosts.map(normaliseHost));
  const isAllowedHost = (host: string) => allowed.has(normaliseHost(host));

  function checkUrl(raw: string): UrlVerdict {
    const url = URL.canParse(raw) ? new URL(raw) : null;
    if (url === null) return { ok: false, reason: "is not a URL" };
    const schemes = options.production ? ["https:"] : ["https:", "http:"];
    if (!schemes.includes(url.protocol)) {
      return {
        ok: false,
        reason: options.production ? "must use https" : "must use https (or http outside production)",
      };
    }
    if (url.username !== "" || url.password !== "")
      return { ok: false, reason: "must not carry credentials" };
    const name = normaliseHost(url.hostname);
    const isAddress = isIpAddress(name);
    if (!isAllowedHost(name)) {
      const refused = isAddress ? refusedRange(name) : refusedName(name);
      if (refused !== null) return { ok: false, reason: `points at ${name}, ${article(refused)} ${refused}` };
    }
    return { ok: true, url: url.href, host: { name, isAddress } };
  }

  return { checkUrl, isAllowedHost, refusedAddress: refusedRange };
}

function article(phrase: string): string {
  if (phrase.startsWith("a ")) return "";
  return /^[aeiou]/i.test(phrase) ? "an" : "a";
}
