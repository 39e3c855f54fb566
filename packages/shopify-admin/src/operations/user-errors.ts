/** Shopify's UserError shape, shared by every mutation payload we send. */
export interface UserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

export const USER_ERROR_FIELDS = "userErrors { field message code }";

/** One line for logs and `failure_reason`: "code: message" per error. */
export function describeUserErrors(errors: readonly UserError[]): string {
  return errors
    .map((e) => `${e.code ?? "ERROR"} ${e.field?.join(".") ?? ""}: ${e.message}`.trim())
    .join("; ");
}
