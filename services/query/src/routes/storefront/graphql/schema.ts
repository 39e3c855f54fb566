/**
 * The storefront GraphQL schema. Points are Int (32-bit in GraphQL): a balance past two
 * billion points would be refused by the serializer rather than rounded.
 */
export const STOREFRONT_SCHEMA = /* GraphQL */ `
  "A tier the shopper holds (threshold on lifetime points)."
  type Tier {
    key: String!
    name: String!
    level: Int!
  }

  "The next tier up and the lifetime points it needs."
  type NextTier {
    key: String!
    name: String!
    minPoints: Int!
  }

  enum TransactionKind {
    earn
    clawback
    redeem
    adjust
    expire
  }

  "Points of one expiry date."
  type ExpiringPoints {
    points: Int!
    "ISO-8601 instant."
    expiresAt: String!
  }

  "One movement of points, newest first."
  type Transaction {
    id: ID!
    delta: Int!
    kind: TransactionKind!
    reason: String!
    orderId: String
    createdAt: String!
  }

  "The signed-in shopper's points."
  type LoyaltyProfile {
    customerId: ID!
    balance: Int!
    lifetimePoints: Int!
    "Earned but not spendable yet (held until the order ships or its pending days pass)."
    pendingPoints: Int!
    "Points that will expire, per date, soonest first."
    expiringPoints: [ExpiringPoints!]!
    tier: Tier
    nextTier: NextTier
    "0 to 100: progress from the current tier's threshold to the next one (100 at the top)."
    tierProgress: Int!
    "Recent transactions, newest first (at most 50)."
    transactions(limit: Int = 10): [Transaction!]!
  }

  enum RewardKind {
    fixed_discount
    percent_discount
    free_shipping
    store_credit
  }

  "pending: points held, Shopify not reached yet; issued: the code exists (or the credit was granted); failed: Shopify refused, points returned; used; cancelled."
  enum RedemptionStatus {
    pending
    issued
    failed
    used
    cancelled
  }

  "A reward the shop offers for points."
  type Reward {
    "The reward's key: what redeemReward takes as rewardId."
    id: ID!
    name: String!
    costPoints: Int!
    kind: RewardKind!
    "Shop currency for fixed_discount and store_credit, percent for percent_discount, highest shipping price covered for free_shipping (null: any)."
    value: Float
  }

  type Redemption {
    redemptionId: ID!
    pointsDeducted: Int!
    "The balance right after this redemption."
    balance: Int!
    status: RedemptionStatus!
    "The discount code to use at checkout, once issued; null while pending and for store credit."
    code: String
    "When the code stops working (null: no end)."
    expiresAt: String
  }

  input RedeemRewardInput {
    rewardId: ID!
    "Chosen by the client (a UUID per attempt): sending it again returns the same redemption."
    idempotencyKey: String!
  }

  type Query {
    "Null with a sign_in_required error when nobody is signed in."
    loyaltyProfile: LoyaltyProfile
    "The shop's active rewards, cheapest first."
    rewards: [Reward!]!
  }

  type Mutation {
    "Spends the signed-in shopper's points on a reward."
    redeemReward(input: RedeemRewardInput!): Redemption
  }
`;
