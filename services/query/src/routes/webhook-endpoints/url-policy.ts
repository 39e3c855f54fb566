import { badRequest, type HostLookup, type OutboundPolicy, resolveAndCheck } from "@loyalty/platform";

/**
 * CONTRACT.md's endpoint URL policy at creation (packages/platform's outbound policy): the URL
 * itself first (scheme, credentials, IP literal, local names), then what a name resolves to. A
 * name that does not resolve yet is accepted: the dispatcher checks every connect again.
 * @throws HttpError 400 `invalid_url`, its detail saying why.
 */
export async function checkEndpointUrl(
  raw: string,
  policy: OutboundPolicy,
  lookup: HostLookup | undefined,
): Promise<string> {
  const verdict = policy.checkUrl(raw);
  if (!verdict.ok) throw refused(verdict.reason);
  if (!verdict.host.isAddress) {
    const resolved = await resolveAndCheck(verdict.host.name, policy, lookup ? { lookup } : {});
    if (!resolved.ok) throw refused(resolved.reason);
  }
  return verdict.url;
}

function refused(reason: string) {
  return badRequest("invalid_url", `The endpoint URL is not allowed: it ${reason}.`, [
    { path: "$.url", message: reason },
  ]);
}
