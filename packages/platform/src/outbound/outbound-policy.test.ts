import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import { createGuardedLookup, type HostLookup, resolveAndCheck } from "./guarded-lookup.ts";
import { createOutboundPolicy } from "./outbound-policy.ts";

const development = createOutboundPolicy({ production: false, allowedHosts: [] });
const production = createOutboundPolicy({ production: true, allowedHosts: [] });

describe("checkUrl", () => {
  it.each([
    ["loopback", "https://127.0.0.1/"],
    ["loopback", "https://127.9.9.9:8443/hook"],
    ["loopback (hex shorthand, normalised by the URL parser)", "https://0x7f.1/"],
    ["loopback (one integer)", "https://2130706433/"],
    ["private", "https://10.0.0.1/"],
    ["private", "https://172.16.5.4/"],
    ["private", "https://192.168.1.1/"],
    ["link-local (cloud metadata)", "https://169.254.169.254/latest/meta-data/"],
    ["carrier-grade NAT (Alibaba metadata)", "https://100.100.100.200/"],
    ["unspecified", "https://0.0.0.0/"],
    ["multicast", "https://224.0.0.1/"],
    ["broadcast", "https://255.255.255.255/"],
    ["IPv6 loopback", "https://[::1]/"],
    ["IPv6 unspecified", "https://[::]/"],
    ["IPv6 link-local", "https://[fe80::1]/"],
    ["IPv6 unique local (AWS IPv6 metadata)", "https://[fd00:ec2::254]/"],
    ["IPv6 multicast", "https://[ff02::1]/"],
    ["IPv4-mapped loopback", "https://[::ffff:127.0.0.1]/"],
    ["IPv4-mapped metadata", "https://[::ffff:a9fe:a9fe]/"],
    ["NAT64 of the metadata address", "https://[64:ff9b::a9fe:a9fe]/"],
    ["localhost", "https://localhost/"],
    ["a .localhost name", "https://api.localhost/"],
    ["the GCP metadata name", "https://metadata.google.internal/computeMetadata/v1/"],
    ["an .internal name", "https://db.corp.internal/"],
    ["an mDNS .local name", "https://printer.local/"],
    ["a single-label intranet name", "https://intranet/"],
    ["a trailing-dot localhost", "https://localhost./"],
  ])("refuses %s: %s", (_name, url) => {
    const verdict = development.checkUrl(url);
    expect(verdict).toMatchObject({ ok: false, reason: expect.any(String) });
  });

  it.each([
    "https://hooks.example.com/loyalty",
    "https://93.184.216.34/hook",
    "https://[2606:4700:4700::1111]/hook",
    "https://hooks.example.com:8443/",
  ])("accepts a public destination: %s", (url) => {
    expect(development.checkUrl(url)).toMatchObject({ ok: true });
    expect(production.checkUrl(url)).toMatchObject({ ok: true });
  });

  it("takes plain http only outside production", () => {
    expect(development.checkUrl("http://hooks.example.com/")).toMatchObject({ ok: true });
    expect(production.checkUrl("http://hooks.example.com/")).toMatchObject({
      ok: false,
      reason: expect.stringContaining("https"),
    });
  });

  it.each(["ftp://hooks.example.com/", "hooks.example.com", "https://user:pass@hooks.example.com/", ""])(
    "refuses what is not an https URL without credentials: %s",
    (url) => {
      expect(development.checkUrl(url)).toMatchObject({ ok: false });
    },
  );

  it("lets WEBHOOK_ALLOWED_HOSTS through, by exact hostname or address, and nothing else", () => {
    const local = createOutboundPolicy({
      production: false,
      allowedHosts: ["127.0.0.1", "LocalHost", "[::1]"],
    });
    expect(local.checkUrl("http://127.0.0.1:4000/hook")).toMatchObject({ ok: true });
    expect(local.checkUrl("http://localhost:4000/hook")).toMatchObject({ ok: true });
    expect(local.checkUrl("http://[::1]:4000/hook")).toMatchObject({ ok: true });
    expect(local.checkUrl("http://127.0.0.2/")).toMatchObject({ ok: false });
    expect(local.checkUrl("http://api.localhost/")).toMatchObject({ ok: false });
    // An exception is for the address check only: production still means https.
    const prod = createOutboundPolicy({ production: true, allowedHosts: ["127.0.0.1"] });
    expect(prod.checkUrl("http://127.0.0.1/")).toMatchObject({ ok: false });
    expect(prod.checkUrl("https://127.0.0.1/")).toMatchObject({ ok: true });
  });

  it("returns the normalised URL", () => {
    expect(development.checkUrl("HTTPS://Hooks.Example.COM/a b")).toMatchObject({
      ok: true,
      url: "https://hooks.example.com/a%20b",
    });
  });
});

/** A resolver over a fixed table: these tests are about what we do with answers, not about DNS. */
function table(entries: Record<string, string[]>): HostLookup {
  return (hostname, callback) => {
    const addresses = entries[hostname];
    if (addresses === undefined) {
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }), []);
      return;
    }
    callback(
      null,
      addresses.map((address): LookupAddress => ({ address, family: address.includes(":") ? 6 : 4 })),
    );
  };
}

const dns = table({
  "public.example": ["93.184.216.34", "2606:2800:220:1::1"],
  "rebound.example": ["93.184.216.34", "10.0.0.7"],
  "metadata.example": ["169.254.169.254"],
  "allowed.test": ["127.0.0.1"],
});

describe("resolveAndCheck (creation)", () => {
  it("accepts a name whose every address is public", async () => {
    expect(await resolveAndCheck("public.example", development, { lookup: dns })).toEqual({ ok: true });
  });

  it("refuses a name with any address in a refused range", async () => {
    expect(await resolveAndCheck("rebound.example", development, { lookup: dns })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("10.0.0.7"),
    });
    expect(await resolveAndCheck("metadata.example", development, { lookup: dns })).toMatchObject({
      ok: false,
    });
  });

  it("accepts a name that does not resolve yet: delivery checks it again", async () => {
    expect(await resolveAndCheck("not-yet.example", development, { lookup: dns })).toEqual({ ok: true });
  });

  it("accepts a name that resolves too slowly, within its time budget", async () => {
    const never: HostLookup = () => {};
    expect(await resolveAndCheck("slow.example", development, { lookup: never, timeoutMs: 20 })).toEqual({
      ok: true,
    });
  });

  it("does not look up an allowed host", async () => {
    const allowed = createOutboundPolicy({ production: false, allowedHosts: ["allowed.test"] });
    expect(await resolveAndCheck("allowed.test", allowed, { lookup: dns })).toEqual({ ok: true });
  });
});

function connectLookup(policy = development, lookup = dns) {
  const guarded = createGuardedLookup(policy, lookup);
  return (hostname: string, all: boolean) =>
    new Promise<{ error: NodeJS.ErrnoException | null; result: unknown }>((resolve) => {
      guarded(hostname, { all }, (error, address, family) =>
        resolve({ error, result: all ? address : { address, family } }),
      );
    });
}

describe("createGuardedLookup (every connect)", () => {
  it("hands public addresses to the socket, in both callback forms", async () => {
    const lookup = connectLookup();
    expect(await lookup("public.example", true)).toEqual({
      error: null,
      result: [
        { address: "93.184.216.34", family: 4 },
        { address: "2606:2800:220:1::1", family: 6 },
      ],
    });
    expect(await lookup("public.example", false)).toEqual({
      error: null,
      result: { address: "93.184.216.34", family: 4 },
    });
  });

  it("fails the connect when a name now resolves to a refused address (DNS rebinding)", async () => {
    const { error } = await connectLookup()("rebound.example", true);
    expect(error).toMatchObject({
      code: "EDESTINATIONREFUSED",
      message: expect.stringContaining("10.0.0.7"),
    });
  });

  it("passes resolver errors through", async () => {
    const { error } = await connectLookup()("not-yet.example", false);
    expect(error).toMatchObject({ code: "ENOTFOUND" });
  });

  it("connects to an allowed host whatever it resolves to", async () => {
    const allowed = createOutboundPolicy({ production: false, allowedHosts: ["allowed.test"] });
    expect(await connectLookup(allowed)("allowed.test", false)).toEqual({
      error: null,
      result: { address: "127.0.0.1", family: 4 },
    });
  });
});
