export {
  createDispatcher,
  DEFAULT_DEFER,
  DEFAULT_RETRY,
  type Dispatcher,
  type DispatcherOptions,
} from "./dispatcher.ts";
export { type RunningDispatcher, shutdownDeadlineMs, startDispatcher } from "./server.ts";
export { createSlotScheduler, type SlotScheduler, type SubmitResult } from "./slot-scheduler.ts";
