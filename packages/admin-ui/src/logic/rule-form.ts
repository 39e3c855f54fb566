/**
 * The rule editor's form: the common rule shape (one list of leaf conditions under `all` or
 * `any`, points actions) as text fields, and back. Field keys are the rule file's own JSON
 * paths, so the server's `details[].path` lands next to the field that caused it. Nothing is
 * validated here: the server's validation is the only one (every mistake at its path).
 */
export interface ConditionRow {
  fact: string;
  path: string;
  operator: string;
  /** JSON text; plain words are sent as a string. */
  value: string;
}

export interface ActionRow {
  mode: "amount" | "rate";
  amount: string;
  ratePoints: string;
  per: string;
  base: string;
  reason: string;
}

export interface RuleForm {
  name: string;
  /** Comma-separated event types. */
  triggers: string;
  priority: string;
  combinator: "all" | "any";
  conditions: ConditionRow[];
  actions: ActionRow[];
}

export const EMPTY_CONDITION: ConditionRow = {
  fact: "order",
  path: "$.total",
  operator: "greaterThanInclusive",
  value: "100",
};
export const EMPTY_ACTION: ActionRow = {
  mode: "amount",
  amount: "100",
  ratePoints: "1",
  per: "1",
  base: "subtotal",
  reason: "",
};

export const NEW_RULE: RuleForm = {
  name: "",
  triggers: "order.paid",
  priority: "0",
  combinator: "all",
  conditions: [EMPTY_CONDITION],
  actions: [EMPTY_ACTION],
};

/** A number when the text is one, else the text itself (the server then names the field). */
function numberOrText(text: string): number | string {
  const trimmed = text.trim();
  return trimmed !== "" && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function toDefinition(form: RuleForm): Record<string, unknown> {
  return {
    name: form.name.trim(),
    triggers: form.triggers
      .split(",")
      .map((t) => t.trim())
      .filter((t) => t !== ""),
    priority: numberOrText(form.priority),
    conditions: {
      [form.combinator]: form.conditions.map((row) => ({
        fact: row.fact.trim(),
        ...(row.path.trim() === "" ? {} : { path: row.path.trim() }),
        operator: row.operator.trim(),
        value: jsonOrText(row.value),
      })),
    },
    actions: form.actions.map((row) => ({
      type: "points",
      ...(row.mode === "amount"
        ? { amount: numberOrText(row.amount) }
        : {
            rate: { points: numberOrText(row.ratePoints), per: numberOrText(row.per) },
            base: row.base.trim(),
          }),
      reason: row.reason.trim(),
    })),
  };
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The form for a saved rule; null when the rule uses more than the form shows (nesting, other actions). */
export function fromDefinition(definition: Json): RuleForm | null {
  const conditions = isObject(definition["conditions"]) ? definition["conditions"] : { all: [] };
  const combinator = "any" in conditions ? "any" : "all";
  const leaves = conditions[combinator];
  const actions = definition["actions"];
  if (!Array.isArray(leaves) || !Array.isArray(actions) || Object.keys(conditions).length !== 1) return null;
  if (!leaves.every((leaf) => isObject(leaf) && typeof leaf["fact"] === "string")) return null;
  if (!actions.every((action) => isObject(action) && action["type"] === "points")) return null;
  return {
    name: String(definition["name"] ?? ""),
    triggers: Array.isArray(definition["triggers"]) ? definition["triggers"].join(", ") : "",
    priority: String(definition["priority"] ?? 0),
    combinator,
    conditions: (leaves as Json[]).map((leaf) => ({
      fact: String(leaf["fact"]),
      path: typeof leaf["path"] === "string" ? leaf["path"] : "",
      operator: String(leaf["operator"] ?? ""),
      value: JSON.stringify(leaf["value"] ?? null),
    })),
    actions: (actions as Json[]).map((action) => {
      const rate = isObject(action["rate"]) ? action["rate"] : null;
      return {
        mode: rate ? "rate" : "amount",
        amount: String(action["amount"] ?? ""),
        ratePoints: String(rate?.["points"] ?? "1"),
        per: String(rate?.["per"] ?? "1"),
        base: String(action["base"] ?? "subtotal"),
        reason: String(action["reason"] ?? ""),
      };
    }),
  };
}

/** Every field key the form shows, for the errors that have no field (listed separately). */
export function formFieldKeys(form: RuleForm): string[] {
  const keys = ["name", "triggers", "priority", "conditions", `conditions.${form.combinator}`, "actions"];
  form.conditions.forEach((_, i) => {
    for (const field of ["fact", "path", "operator", "value"])
      keys.push(`conditions.${form.combinator}[${i}].${field}`);
  });
  form.actions.forEach((action, i) => {
    keys.push(`actions[${i}]`, `actions[${i}].reason`);
    if (action.mode === "amount") keys.push(`actions[${i}].amount`);
    else
      keys.push(
        `actions[${i}].rate`,
        `actions[${i}].rate.points`,
        `actions[${i}].rate.per`,
        `actions[${i}].base`,
      );
  });
  return keys;
}

/** Errors about `rules[0]` of a simulate or backtest body are about the rule being edited. */
export function draftRulePath(path: string): string {
  return path.replace(/^\$\.rules\[0\]/, "$");
}
