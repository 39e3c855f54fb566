import { badRequest } from "@loyalty/platform";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Deliveries carry customer data and a signature: https only. Plain http is allowed to
 * loopback outside production, so a developer can point the dispatcher at a local listener.
 * @throws HttpError 400 `invalid_url`.
 */
export function checkEndpointUrl(raw: string, production: boolean): string {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  const local = url !== null && url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname) && !production;
  if (url === null || (url.protocol !== "https:" && !local) || url.username !== "" || url.password !== "") {
    throw badRequest(
      "invalid_url",
      production
        ? "The endpoint URL must be https:// without credentials."
        : "The endpoint URL must be https:// (or http://localhost / 127.0.0.1 outside production), without credentials.",
      [{ path: "$.url", message: "is not an allowed endpoint URL" }],
    );
  }
  return url.href;
}
