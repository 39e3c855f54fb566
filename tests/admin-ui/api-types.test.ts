import { describe, expect, it } from "vitest";
import { committedApiTypes, generateApiTypes } from "../../scripts/admin-api/api-types.ts";

describe("the admin UI's API types", () => {
  it("equal a fresh generation from the query service's OpenAPI document (pnpm gen:admin-api rewrites them)", async () => {
    const fresh = await generateApiTypes();
    expect(fresh).toContain('"/v1/customers/{customerId}/transactions"');
    expect(await committedApiTypes(), "run pnpm gen:admin-api and commit the result").toBe(fresh);
  });
});
