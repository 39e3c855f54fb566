import { DEFAULT_SHOPIFY_SCOPES } from "@loyalty/platform";
import { SHOPIFY_TOPICS } from "@loyalty/shopify";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { readText } from "./files.ts";

interface AppToml {
  application_url: string;
  access_scopes: { scopes: string };
  auth: { redirect_urls: string[] };
  webhooks: {
    api_version: string;
    subscriptions: { topics?: string[]; compliance_topics?: string[]; uri: string }[];
  };
  app_proxy: { url: string; subpath: string; prefix: string };
}

const toml = parse(readText("shopify.app.toml")) as unknown as AppToml;
const COMPLIANCE = ["customers/data_request", "customers/redact", "shop/redact"];

describe("shopify.app.toml", () => {
  it("subscribes every topic of the ingest table, the three compliance topics as compliance topics, and nothing else", () => {
    const subscriptions = toml.webhooks.subscriptions;
    const topics = subscriptions.flatMap((s) => s.topics ?? []);
    const compliance = subscriptions.flatMap((s) => s.compliance_topics ?? []);

    expect([...topics, ...compliance].sort()).toEqual([...SHOPIFY_TOPICS].sort());
    expect(compliance.sort()).toEqual(COMPLIANCE);
    expect(new Set(topics).size).toBe(topics.length);
  });

  it("sends every webhook to the ingest route, on the API version the app calls", () => {
    for (const subscription of toml.webhooks.subscriptions) {
      expect(new URL(subscription.uri).pathname).toBe("/webhooks/shopify");
    }
    expect(toml.webhooks.api_version).toBe("2026-10");
  });

  it("declares the App Proxy at /apps/loyalty, OAuth's callback, and the scopes the app asks for at install", () => {
    expect(toml.app_proxy).toMatchObject({ prefix: "apps", subpath: "loyalty" });
    expect(toml.auth.redirect_urls.map((u) => new URL(u).pathname)).toEqual(["/shopify/callback"]);
    expect(toml.access_scopes.scopes).toBe(DEFAULT_SHOPIFY_SCOPES);
  });
});
