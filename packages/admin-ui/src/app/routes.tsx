import type { ReactNode } from "react";
import { CustomerPage } from "../pages/customer-page.tsx";
import { CustomersPage } from "../pages/customers-page.tsx";
import { OpsPage } from "../pages/ops-page.tsx";
import { OverviewPage } from "../pages/overview-page.tsx";
import { ReferralsPage } from "../pages/referrals-page.tsx";
import { RewardsPage } from "../pages/rewards-page.tsx";
import { RuleEditorPage } from "../pages/rule-editor-page.tsx";
import { RulesPage } from "../pages/rules-page.tsx";
import { SettingsPage } from "../pages/settings-page.tsx";
import { TiersPage } from "../pages/tiers-page.tsx";
import { WebhookEndpointsPage } from "../pages/webhook-endpoints-page.tsx";
import { matchPath } from "./hash-route.ts";

/** The main pages, in navigation order. */
export const NAVIGATION = [
  { path: "/", label: "Overview" },
  { path: "/customers", label: "Customers" },
  { path: "/rules", label: "Rules" },
  { path: "/tiers", label: "Tiers" },
  { path: "/rewards", label: "Rewards" },
  { path: "/referrals", label: "Referrals" },
  { path: "/webhooks", label: "Webhook endpoints" },
  { path: "/settings", label: "Settings" },
  { path: "/ops", label: "Operations" },
] as const;

const ROUTES: Array<[string, (params: Record<string, string>) => ReactNode]> = [
  ["/", () => <OverviewPage />],
  ["/customers", () => <CustomersPage />],
  ["/customers/:customerId", ({ customerId = "" }) => <CustomerPage customerId={customerId} />],
  ["/rules", () => <RulesPage />],
  ["/rules/new", () => <RuleEditorPage ruleId={null} />],
  ["/rules/:ruleId", ({ ruleId = "" }) => <RuleEditorPage ruleId={ruleId} />],
  ["/tiers", () => <TiersPage />],
  ["/rewards", () => <RewardsPage />],
  ["/referrals", () => <ReferralsPage />],
  ["/webhooks", () => <WebhookEndpointsPage />],
  ["/settings", () => <SettingsPage />],
  ["/ops", () => <OpsPage />],
];

export function pageFor(path: string): ReactNode {
  for (const [pattern, render] of ROUTES) {
    const params = matchPath(pattern, path);
    if (params) return render(params);
  }
  return <OverviewPage />;
}

/** The navigation entry a path belongs to ("/customers/42" → "/customers"). */
export function sectionOf(path: string): string {
  const first = path.split("/")[1] ?? "";
  return first === "" ? "/" : `/${first}`;
}
