import createClient, { type Client } from "openapi-fetch";
import type { ApiPaths } from "./paths.ts";

export type ApiClient = Client<ApiPaths>;

/**
 * A typed client for the query API on this origin (the dashboard is served by the query
 * service). The credential travels only in the Authorization header, never in a URL.
 */
export function createApiClient(token: string): ApiClient {
  const client = createClient<ApiPaths>({ baseUrl: window.location.origin });
  client.use({
    onRequest({ request }) {
      request.headers.set("authorization", `Bearer ${token}`);
      return request;
    },
  });
  return client;
}
