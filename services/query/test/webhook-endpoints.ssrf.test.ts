import type { LookupAddress } from "node:dns";
import type { HostLookup } from "@loyalty/platform";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, type QueryTestEnv } from "./support/query-app.ts";

/** DNS as a table: what a name resolves to is the input here, not the machine's resolver. */
const dns: Record<string, string[]> = {
  "public.example": ["93.184.216.34"],
  "internal-alias.example": ["93.184.216.34", "10.1.2.3"],
  "metadata-alias.example": ["169.254.169.254"],
  "v6-loopback.example": ["::1"],
};
const hostLookup: HostLookup = (hostname, callback) => {
  const addresses = dns[hostname];
  if (addresses === undefined) {
    callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }), []);
    return;
  }
  callback(
    null,
    addresses.map((address): LookupAddress => ({ address, family: address.includes(":") ? 6 : 4 })),
  );
};

let env: QueryTestEnv;
let production: QueryTestEnv;
let allowing: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "hooks_ssrf", app: { hostLookup } });
  production = await createQueryTestEnv({
    label: "hooks_ssrf_prod",
    env: {
      NODE_ENV: "production",
      SHOPIFY_API_SECRET: "a-real-production-secret",
      TOKEN_ENCRYPTION_KEY: "YS10ZXN0LXByb2R1Y3Rpb24tdG9rZW4ta2V5LTMyYiE=",
    },
    app: { hostLookup },
  });
  allowing = await createQueryTestEnv({
    label: "hooks_ssrf_allow",
    env: { WEBHOOK_ALLOWED_HOSTS: "127.0.0.1,localhost,metadata-alias.example" },
    app: { hostLookup },
  });
});
afterAll(async () => {
  await env?.close();
  await production?.close();
  await allowing?.close();
});

const post = (target: QueryTestEnv, url: string) =>
  target.call({ method: "POST", url: "/v1/webhook-endpoints", payload: { url } });

describe("POST /v1/webhook-endpoints outbound URL policy", () => {
  it.each([
    "https://127.0.0.1/hook",
    "https://0x7f.1/hook",
    "https://10.0.0.8/hook",
    "https://192.168.0.10/hook",
    "https://172.31.255.1/hook",
    "https://169.254.169.254/latest/meta-data/",
    "https://100.100.100.200/",
    "https://224.0.0.251/",
    "https://[::1]/hook",
    "https://[fe80::1]/hook",
    "https://[fd00:ec2::254]/",
    "https://[::ffff:169.254.169.254]/",
    "https://localhost/hook",
    "https://metadata.google.internal/computeMetadata/v1/",
    "https://intranet/hook",
  ])("refuses %s with 400 at creation and stores nothing", async (url) => {
    const count = async () =>
      (await env.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM webhook_endpoints`)[0]?.n;
    const before = await count();

    const response = await post(env, url);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: "invalid_url",
      details: [{ path: "$.url", message: expect.any(String) }],
    });
    expect(await count()).toBe(before);
  });

  it.each([
    ["internal-alias.example", "10.1.2.3"],
    ["metadata-alias.example", "169.254.169.254"],
    ["v6-loopback.example", "::1"],
  ])("refuses a name resolving to a refused address: %s", async (host, address) => {
    const response = await post(env, `https://${host}/hook`);

    expect(response.statusCode).toBe(400);
    expect(response.json().details[0].message).toContain(address);
  });

  it("accepts a name resolving to public addresses, and one that does not resolve yet", async () => {
    expect((await post(env, "https://public.example/hook")).statusCode).toBe(201);
    expect((await post(env, "https://not-yet-registered.example/hook")).statusCode).toBe(201);
  });

  it("takes plain http outside production only", async () => {
    expect((await post(env, "http://public.example/plain")).statusCode).toBe(201);
    const refused = await post(production, "http://public.example/plain");
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details[0].message).toContain("https");
    expect((await post(production, "https://public.example/tls")).statusCode).toBe(201);
  });

  it("lets WEBHOOK_ALLOWED_HOSTS through, and only them", async () => {
    expect((await post(allowing, "http://127.0.0.1:4000/hook")).statusCode).toBe(201);
    expect((await post(allowing, "http://localhost:4000/hook")).statusCode).toBe(201);
    expect((await post(allowing, "https://metadata-alias.example/hook")).statusCode).toBe(201);
    expect((await post(allowing, "http://127.0.0.2:4000/hook")).statusCode).toBe(400);
    expect((await post(allowing, "https://internal-alias.example/hook")).statusCode).toBe(400);
  });
});
