export {
  type Backoff,
  type BackoffOptions,
  createBackoff,
  type RetryDelayOptions,
  retryDelayMs,
} from "./backoff.ts";
export * from "./claim-all-partitions.ts";
export {
  type ClaimResult,
  type ClaimStaleOptions,
  claimStale,
  keepAlive,
  MAX_DELIVERIES_EXCEEDED,
  removeIdleConsumers,
} from "./claimer.ts";
export { type DeadLetterId, formatDeadLetterId, parseDeadLetterId } from "./dead-letter-id.ts";
export type { DeadLetter } from "./dead-letter-record.ts";
export {
  type DeadLetterPage,
  dlqDepth,
  type ListDeadLettersOptions,
  listDeadLetters,
  purgeDeadLetters,
  showDeadLetter,
} from "./dlq.ts";
export {
  type ReplayOutcome,
  type ReplayProgress,
  type ReplaySummary,
  replayDeadLetters,
} from "./dlq-replay.ts";
export {
  classifyError,
  describeError,
  type ErrorClass,
  PermanentEventError,
  RELIABILITY_ERROR_CODES,
  TransientError,
} from "./errors.ts";
export { trimAcknowledged } from "./janitor.ts";
export * from "./keep-alive-entries.ts";
export { type PartitionStatus, type PartitionStatusOptions, partitionStatus } from "./lag.ts";
export { eventsLane, type LaneKeys, type RetryLane, toLane, webhooksLane } from "./lane.ts";
export {
  decodeRetryMember,
  FailureReason,
  FIRST_FAILURE_FIELD,
  firstFailureAtOf,
  RetryMember,
} from "./retry-member.ts";
export {
  type Attempted,
  DEAD_LETTER_FIELDS,
  type DeadLetterInput,
  deadLetter,
  moveDueRetries,
  type ScheduleRetryInput,
  scheduleRetry,
} from "./retry-scheduler.ts";
