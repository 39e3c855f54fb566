import {
  BlockStack,
  Button,
  Card,
  FormLayout,
  InlineGrid,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import {
  type ActionRow,
  type ConditionRow,
  EMPTY_ACTION,
  EMPTY_CONDITION,
  type RuleForm,
} from "../../logic/rule-form.ts";

interface Props {
  form: RuleForm;
  onChange: (form: RuleForm) => void;
  /** Server errors by field key (the rule file's JSON path without `$.`). */
  errors: Map<string, string>;
}

/** The rule as fields; each field shows the server's error for its JSON path. */
export function RuleFields({ form, onChange, errors }: Props) {
  const field = (key: string) => ({ id: `rule-field-${key}`, error: errors.get(key), autoComplete: "off" });
  const setCondition = (index: number, patch: Partial<ConditionRow>) =>
    onChange({
      ...form,
      conditions: form.conditions.map((row, i) => (i === index ? { ...row, ...patch } : row)),
    });
  const setAction = (index: number, patch: Partial<ActionRow>) =>
    onChange({ ...form, actions: form.actions.map((row, i) => (i === index ? { ...row, ...patch } : row)) });
  const c = form.combinator;
  return (
    <BlockStack gap="400">
      <Card>
        <FormLayout>
          <TextField
            label="Name"
            value={form.name}
            onChange={(name) => onChange({ ...form, name })}
            {...field("name")}
          />
          <FormLayout.Group>
            <TextField
              label="Triggers"
              helpText="Event types, comma-separated (order.paid, customer.created, custom.…)"
              value={form.triggers}
              onChange={(triggers) => onChange({ ...form, triggers })}
              {...field("triggers")}
            />
            <TextField
              label="Priority"
              value={form.priority}
              onChange={(priority) => onChange({ ...form, priority })}
              {...field("priority")}
            />
          </FormLayout.Group>
        </FormLayout>
      </Card>
      <Card>
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Conditions
            </Text>
            <div style={{ minWidth: 220 }}>
              <Select
                label="Match"
                labelInline
                options={[
                  { label: "all of these", value: "all" },
                  { label: "any of these", value: "any" },
                ]}
                value={c}
                onChange={(value) => onChange({ ...form, combinator: value === "any" ? "any" : "all" })}
              />
            </div>
          </InlineStack>
          {errors.get(`conditions.${c}`) && (
            <Text as="p" tone="critical">
              {errors.get(`conditions.${c}`)}
            </Text>
          )}
          {form.conditions.map((row, i) => (
            <InlineGrid
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place
              key={i}
              columns={{ xs: 1, md: "1fr 1fr 1.4fr 1fr auto" }}
              gap="200"
              alignItems="start"
            >
              <TextField
                label={`Condition ${i + 1} fact`}
                value={row.fact}
                onChange={(fact) => setCondition(i, { fact })}
                {...field(`conditions.${c}[${i}].fact`)}
              />
              <TextField
                label="Path"
                value={row.path}
                onChange={(path) => setCondition(i, { path })}
                {...field(`conditions.${c}[${i}].path`)}
              />
              <TextField
                label="Operator"
                value={row.operator}
                onChange={(operator) => setCondition(i, { operator })}
                {...field(`conditions.${c}[${i}].operator`)}
              />
              <TextField
                label="Value"
                value={row.value}
                onChange={(value) => setCondition(i, { value })}
                {...field(`conditions.${c}[${i}].value`)}
              />
              <div style={{ paddingTop: 24 }}>
                <Button
                  accessibilityLabel={`Remove condition ${i + 1}`}
                  onClick={() => onChange({ ...form, conditions: form.conditions.filter((_, j) => j !== i) })}
                >
                  Remove
                </Button>
              </div>
            </InlineGrid>
          ))}
          <InlineStack>
            <Button onClick={() => onChange({ ...form, conditions: [...form.conditions, EMPTY_CONDITION] })}>
              Add condition
            </Button>
          </InlineStack>
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Actions
          </Text>
          {errors.get("actions") && (
            <Text as="p" tone="critical">
              {errors.get("actions")}
            </Text>
          )}
          {form.actions.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place
            <BlockStack key={i} gap="200">
              {errors.get(`actions[${i}]`) && (
                <Text as="p" tone="critical">
                  {errors.get(`actions[${i}]`)}
                </Text>
              )}
              <InlineGrid columns={{ xs: 1, md: 4 }} gap="200" alignItems="start">
                <Select
                  label={`Action ${i + 1} awards`}
                  options={[
                    { label: "a fixed amount", value: "amount" },
                    { label: "points per money unit", value: "rate" },
                  ]}
                  value={row.mode}
                  onChange={(mode) => setAction(i, { mode: mode === "rate" ? "rate" : "amount" })}
                />
                {row.mode === "amount" ? (
                  <TextField
                    label="Points"
                    value={row.amount}
                    onChange={(amount) => setAction(i, { amount })}
                    {...field(`actions[${i}].amount`)}
                  />
                ) : (
                  <>
                    <TextField
                      label="Points per"
                      value={row.ratePoints}
                      onChange={(ratePoints) => setAction(i, { ratePoints })}
                      {...field(`actions[${i}].rate.points`)}
                    />
                    <TextField
                      label="Money units"
                      value={row.per}
                      onChange={(per) => setAction(i, { per })}
                      {...field(`actions[${i}].rate.per`)}
                    />
                  </>
                )}
                <TextField
                  label="Reason"
                  value={row.reason}
                  onChange={(reason) => setAction(i, { reason })}
                  {...field(`actions[${i}].reason`)}
                />
              </InlineGrid>
              {row.mode === "rate" && (
                <TextField
                  label="Base"
                  helpText="subtotal or total"
                  value={row.base}
                  onChange={(base) => setAction(i, { base })}
                  {...field(`actions[${i}].base`)}
                />
              )}
            </BlockStack>
          ))}
          <InlineStack>
            <Button onClick={() => onChange({ ...form, actions: [...form.actions, EMPTY_ACTION] })}>
              Add action
            </Button>
          </InlineStack>
        </BlockStack>
      </Card>
    </BlockStack>
  );
}
