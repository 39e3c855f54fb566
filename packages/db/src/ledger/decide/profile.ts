import type { CustomerProfile } from "@loyalty/core";
import { isoOrNull } from "./time.ts";
import type { CustomerState } from "./types.ts";

/**
 * Copies Shopify's profile onto the customer. Ignored once redacted (a late webhook must
 * not bring erased PII back) and when older than the profile we hold (Shopify delivers
 * out of order: an update can arrive before its create). `updatedAt` null means "unknown
 * age": order payloads carry the profile without one, so they only fill a profile we never had.
 */
export function applyProfile(
  customer: CustomerState,
  profile: CustomerProfile,
  updatedAtText: string | null,
): boolean {
  if (customer.redactedAt !== null) return false;
  const updatedAt = isoOrNull(updatedAtText);
  if (updatedAt === null) {
    if (customer.profileUpdatedAt !== null || hasProfile(customer)) return false;
  } else if (
    customer.profileUpdatedAt !== null &&
    Date.parse(updatedAt) < Date.parse(customer.profileUpdatedAt)
  ) {
    return false;
  }
  customer.email = profile.email;
  customer.firstName = profile.firstName;
  customer.lastName = profile.lastName;
  customer.phone = profile.phone;
  customer.tags = [...profile.tags];
  if (updatedAt !== null) customer.profileUpdatedAt = updatedAt;
  return true;
}

function hasProfile(customer: CustomerState): boolean {
  return (
    customer.email !== null ||
    customer.firstName !== null ||
    customer.lastName !== null ||
    customer.phone !== null ||
    customer.tags.length > 0
  );
}

/** GDPR erasure: PII gone, points and ledger kept (they are the merchant's accounting). */
export function erasePii(customer: CustomerState, now: string): void {
  customer.email = null;
  customer.firstName = null;
  customer.lastName = null;
  customer.phone = null;
  customer.tags = [];
  customer.redactedAt ??= now;
}
