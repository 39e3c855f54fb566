import { notFound } from "@loyalty/platform";

/** The same answer for a customer that does not exist and one of another shop. */
export function customerNotFound(customerId: string) {
  return notFound("customer_not_found", `No customer ${customerId} in this shop.`, [{ customerId }]);
}
