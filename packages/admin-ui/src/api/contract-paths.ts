/**
 * Routes CONTRACT.md names that the query service's OpenAPI document may not have yet
 * (other branches are adding them). Spelled in openapi-typescript's shape so `paths.ts` can
 * merge them under the generated ones: the moment a route appears in the generated file,
 * its generated type wins and any mismatch with the pages fails typecheck.
 */

export interface ErrorBody {
  error: string;
  message: string;
  details: unknown[];
}

type Json<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };
type Params<Q, P> = [P] extends [never]
  ? { query?: Q; header?: never; path?: never; cookie?: never }
  : { query?: Q; header?: never; path: P; cookie?: never };
type Errors = { 400: Json<ErrorBody>; 401: Json<ErrorBody>; 404: Json<ErrorBody>; 409: Json<ErrorBody> };
type Get<R, Q = never, P = never> = {
  parameters: Params<Q, P>;
  requestBody?: never;
  responses: { 200: Json<R> } & Errors;
};
type Send<B, R, P = never, S extends number = 200> = {
  parameters: Params<never, P>;
  requestBody: { content: { "application/json": B } };
  responses: { [status in S]: Json<R> } & Errors;
};
type CustomerPath = { customerId: string };

export interface Settings {
  pending: { mode: "none" | "until_fulfilled" | "days"; days?: number | null };
  expiry: { mode: "none" | "inactivity" | "fixed"; days?: number | null; remindDaysBefore?: number[] };
  timezone: string;
  pointValue: { points: number; amount: number };
  referrals?: { referrerPoints: number; refereeReward: string | null; maxPerDay: number };
}

export interface CustomerSearchItem {
  customerId: string;
  email?: string | null;
  balance: number;
  lifetimePoints: number;
  tier?: { key: string; name: string; level: number } | null;
}

export interface Redemption {
  redemptionId: string;
  rewardId?: string;
  status: "issued" | "pending" | "failed" | "used" | "cancelled";
  pointsDeducted: number;
  code: string | null;
  expiresAt: string | null;
  createdAt?: string;
}

export interface AnalyticsSummary {
  members: number;
  activeMembers: number;
  pointsIssued: number;
  pointsRedeemed: number;
  pointsExpired: number;
  pointsClawedBack: number;
  outstandingPoints: number;
  pendingPoints: number;
  liability: { amount: number | string; currency: string };
  redemptionRate: number;
}

export interface ExpiringWeek {
  weekStart: string;
  points: number;
  liability?: { amount: number | string; currency: string };
}

export interface BacktestResult {
  events: number;
  current: { points: number };
  draft: { points: number };
  delta: number;
  customersAffected: number;
  topChanges: Array<{ customerId: string; current: number; draft: number }>;
}

export interface Referral {
  id?: string;
  referrerId: string;
  refereeId: string | null;
  code: string;
  status: string;
  reason?: string | null;
  createdAt: string;
}

export interface Delivery {
  id: string;
  type: string;
  status: string;
  attempts: number;
  responseStatus?: number | null;
  createdAt: string;
  deliveredAt?: string | null;
}

export interface ContractPaths {
  "/v1/customers": {
    get: Get<{ items: CustomerSearchItem[]; nextCursor: string | null }, { query?: string; cursor?: string }>;
  };
  "/v1/customers/{customerId}/adjustments": {
    post: Send<
      { points: number; reason: string; idempotencyKey: string },
      { transactionId: string; balance: number },
      CustomerPath,
      201
    >;
  };
  "/v1/customers/{customerId}/redemptions": { get: Get<{ items: Redemption[] }, never, CustomerPath> };
  "/v1/settings": { get: Get<Settings>; put: Send<Settings, Settings> };
  "/v1/analytics/summary": { get: Get<AnalyticsSummary, { from?: string; to?: string }> };
  "/v1/analytics/expiring": { get: Get<{ items: ExpiringWeek[] }, { days?: number }> };
  "/v1/rules/backtest": { post: Send<{ rules: unknown[]; from: string; to: string }, BacktestResult> };
  "/v1/referrals": { get: Get<{ items: Referral[]; nextCursor?: string | null }, { status?: string }> };
  "/v1/webhook-endpoints/{id}/deliveries": {
    get: Get<{ items: Delivery[]; nextCursor?: string | null }, never, { id: string }>;
  };
}
