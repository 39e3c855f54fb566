/**
 * `redis://user:hunter2@host` → `redis://user:***@host`; any other text is returned as is.
 * Connection strings are worth logging for their host, never for their password.
 */
export function maskUrlPassword(value: string): string {
  return value.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/, "$1***@");
}
