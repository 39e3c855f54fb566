/**
 * A command action whose module is imported only when that command runs: `loyalty --help`
 * or `loyalty keys create` need not load drizzle, Fastify, ioredis and the rule engine
 * every time (on sources, each package costs hundreds of milliseconds of start-up).
 */
export function lazyAction<A extends unknown[]>(
  load: () => Promise<(...args: A) => Promise<void>>,
): (...args: A) => Promise<void> {
  return async (...args) => (await load())(...args);
}
