import { Banner, BlockStack, Layout, List, Page } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { RuleView } from "../api/models.ts";
import { settle } from "../api/result.ts";
import { useApiClients } from "../app/api-context.tsx";
import { navigate } from "../app/hash-route.ts";
import { useApi } from "../app/use-api.ts";
import { Loaded } from "../components/page-state.tsx";
import { errorsByField, unplacedErrors } from "../logic/json-path.ts";
import { formFieldKeys, fromDefinition, NEW_RULE, type RuleForm, toDefinition } from "../logic/rule-form.ts";
import { BacktestCard } from "./rule/backtest-card.tsx";
import { RuleFields } from "./rule/rule-fields.tsx";
import { SimulateCard } from "./rule/simulate-card.tsx";
import { VersionsCard } from "./rule/versions-card.tsx";

type Saved = { message: string; tone: "success" | "critical" } | null;

/** A new rule (ruleId null) or a saved one: fields, simulate, backtest and versions. */
export function RuleEditorPage({ ruleId }: { ruleId: string | null }) {
  const { api } = useApiClients();
  const [rule, reloadRule] = useApi<RuleView | null>(
    async () =>
      ruleId === null
        ? { status: "ok", data: null }
        : settle(api.GET("/v1/rules/{id}", { params: { path: { id: ruleId } } })),
    [api, ruleId],
  );
  const [form, setForm] = useState<RuleForm>(NEW_RULE);
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [saved, setSaved] = useState<Saved>(null);
  const [versionsKey, setVersionsKey] = useState(0);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (rule.status === "ok" && rule.data)
      setForm(fromDefinition(rule.data.definition as Record<string, unknown>) ?? NEW_RULE);
  }, [rule]);

  const save = async () => {
    setBusy(true);
    const body = toDefinition(form) as never;
    const result =
      ruleId === null
        ? await settle(api.POST("/v1/rules", { body }))
        : await settle(api.PUT("/v1/rules/{id}", { params: { path: { id: ruleId } }, body }));
    setBusy(false);
    if (result.status === "ok") {
      setErrors(new Map());
      const view = Array.isArray(result.data) ? result.data[0] : result.data;
      setSaved({ message: `Saved: version ${view?.version}`, tone: "success" });
      setVersionsKey((n) => n + 1);
      if (ruleId === null && view) navigate(`/rules/${view.id}`);
    } else if (result.status === "error") {
      setErrors(errorsByField(result.error.details));
      setSaved({ message: result.error.message, tone: "critical" });
    } else {
      setSaved({ message: result.message, tone: "critical" });
    }
  };
  const loose = unplacedErrors(errors, formFieldKeys(form));
  return (
    <Page
      title={ruleId === null ? "New rule" : form.name || "Rule"}
      backAction={{ content: "Rules", url: "#/rules" }}
      primaryAction={{ content: "Save", onAction: save, loading: busy }}
    >
      <Loaded state={rule} what="this rule" onRetry={reloadRule}>
        {() => (
          <Layout>
            <Layout.Section>
              <BlockStack gap="400">
                {saved && (
                  <Banner tone={saved.tone} title={saved.message} onDismiss={() => setSaved(null)}>
                    {loose.length > 0 && (
                      <List>
                        {loose.map((error) => (
                          <List.Item key={error.path}>
                            <code>{error.path}</code>: {error.message}
                          </List.Item>
                        ))}
                      </List>
                    )}
                  </Banner>
                )}
                <RuleFields form={form} onChange={setForm} errors={errors} />
              </BlockStack>
            </Layout.Section>
            <Layout.Section variant="oneThird">
              <BlockStack gap="400">
                <SimulateCard draft={() => toDefinition(form)} onRuleErrors={setErrors} />
                <BacktestCard draft={() => toDefinition(form)} />
                {ruleId !== null && <VersionsCard key={versionsKey} ruleId={ruleId} />}
              </BlockStack>
            </Layout.Section>
          </Layout>
        )}
      </Loaded>
    </Page>
  );
}
