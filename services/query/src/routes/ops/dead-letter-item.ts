import type { DeadLetter } from "@loyalty/streams";
import { z } from "zod";

/** A dead letter as the ops API shows it: the failure, and the event when it is a readable one. */
export const DeadLetterItem = z.object({
  id: z.string().describe("<partition>-<streamId>: what replay takes"),
  partition: z.number().int(),
  errorCode: z.string(),
  errorMessage: z.string(),
  attempts: z.number().int(),
  originalId: z.string(),
  firstFailureAt: z.string(),
  lastFailureAt: z.string(),
  event: z
    .object({ id: z.string(), type: z.string(), shop: z.string(), customerId: z.string().nullable() })
    .nullable()
    .describe("Null when the payload is not a valid event envelope"),
  payload: z.string().describe("The stored payload, verbatim"),
});
export type DeadLetterItem = z.infer<typeof DeadLetterItem>;

export function toDeadLetterItem(letter: DeadLetter): DeadLetterItem {
  const envelope = letter.envelope;
  return {
    id: letter.id,
    partition: letter.partition,
    errorCode: letter.errorCode,
    errorMessage: letter.errorMessage,
    attempts: letter.attempts,
    originalId: letter.originalId,
    firstFailureAt: letter.firstFailureAt,
    lastFailureAt: letter.lastFailureAt,
    event: envelope
      ? { id: envelope.id, type: envelope.type, shop: envelope.shop, customerId: envelope.customerId }
      : null,
    payload: letter.payload,
  };
}
