import ipaddr from "ipaddr.js";

/*
 * Which IP addresses a webhook may be sent to. ipaddr.js keeps the IANA special-purpose tables
 * (RFC 6890 and successors); we allow its "unicast" range only — the globally routed rest —
 * rather than hand-writing CIDR lists that rot. Everything else names why it is refused.
 */

const RANGE_NAMES: Record<string, string> = {
  loopback: "loopback",
  private: "private",
  uniqueLocal: "private (unique local)",
  linkLocal: "link-local (cloud metadata lives here)",
  carrierGradeNat: "shared carrier-grade NAT",
  multicast: "multicast",
  broadcast: "broadcast",
  unspecified: "unspecified",
  reserved: "reserved",
  rfc6052: "NAT64 (it embeds an IPv4 address)",
  "6to4": "6to4 (it embeds an IPv4 address)",
  teredo: "Teredo (it embeds an IPv4 address)",
  rfc6145: "IPv4-translated",
};

/** Is `text` an IP address (v4 dotted quad or v6, without brackets)? */
export function isIpAddress(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text);
}

/**
 * Why `address` may not receive a webhook ("loopback", "private", …), or null when it is a
 * public unicast address. An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4
 * address it is. Anything that is not an address is refused too: callers pass addresses only.
 */
export function refusedRange(address: string): string | null {
  if (!isIpAddress(address)) return "not an IP address";
  let ip = ipaddr.parse(address);
  if (ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress()) ip = ip.toIPv4Address();
  const range = ip.range();
  return range === "unicast" ? null : (RANGE_NAMES[range] ?? range);
}
