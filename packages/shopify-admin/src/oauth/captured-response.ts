/**
 * A stand-in for Node's ServerResponse handed to Shopify's node adapter: it records the
 * status and headers the library sets instead of sending them, so the Fastify route decides
 * what goes out (it rewrites the authorize URL for the emulator, and uses reply, not raw res).
 */
export class CapturedResponse {
  statusCode = 200;
  statusMessage = "";
  private readonly headers = new Map<string, string | string[]>();

  getHeaders(): Record<string, string | string[]> {
    return Object.fromEntries(this.headers);
  }

  getHeader(name: string): string | string[] | undefined {
    return this.headers.get(name.toLowerCase());
  }

  setHeader(name: string, value: string | string[]): this {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }

  write(): boolean {
    return true;
  }

  end(): this {
    return this;
  }

  cookies(): string[] {
    const value = this.headers.get("set-cookie");
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  }
}
