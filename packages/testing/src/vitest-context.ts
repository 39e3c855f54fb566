// The server URLs global-setup.ts provides to every test file (vitest's provide/inject).
// Kept in a module the helpers import, so packages that use @loyalty/testing see the types.
declare module "vitest" {
  export interface ProvidedContext {
    testRedisUrl: string;
    testDatabaseUrl: string;
  }
}

export {};
