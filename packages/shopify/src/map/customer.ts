import type { CustomerData, CustomerProfile } from "@loyalty/core";
import type { CustomerPayload } from "../schemas/customers.ts";

export function customerProfile(customer: CustomerPayload): CustomerProfile {
  return {
    id: customer.id,
    email: customer.email,
    firstName: customer.first_name,
    lastName: customer.last_name,
    phone: customer.phone,
    tags: customer.tags,
  };
}

/** `customers/create` and `customers/update`. */
export function customerData(customer: CustomerPayload): CustomerData {
  return {
    ...customerProfile(customer),
    createdAt: customer.created_at,
    updatedAt: customer.updated_at,
  };
}
