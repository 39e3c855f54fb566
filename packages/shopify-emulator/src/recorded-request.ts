/** What the emulator got, as tests read it back. */
export interface RecordedRequest {
  at: string;
  shop: string;
  /** Root fields of the operation (`discountCodeBasicCreate`, `orders`, …). */
  rootFields: string[];
  query: string;
  variables: Record<string, unknown>;
  /** True when the document parsed and passed graphql-js validation against the Admin schema. */
  valid: boolean;
  /** Validation errors, or why it was not answered normally. */
  errors: string[];
  /** How it was answered. */
  outcome: "ok" | "invalid" | "throttled" | "unauthorized" | "fault" | "not_modelled";
}
