import { bigserial, boolean, foreignKey, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { recordColumns, tstz } from './columns.ts';
import { orgs, users } from './org.ts';

/**
 * Web sessions. The cookie carries a random secret; only its SHA-256 is stored, so a copy of the
 * table cannot be replayed. The hash is the key because every request looks a session up by it.
 */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    /** Public id (UUIDv7) used to list and end sessions without revealing the secret. */
    id: uuid('id').notNull(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    userId: uuid('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    foreignKey({
      columns: [t.orgId, t.userId],
      foreignColumns: [users.orgId, users.id],
      name: 'sessions_user_fk',
    }),
    index('sessions_user_idx').on(t.orgId, t.userId),
    index('sessions_expires_idx').on(t.expiresAt),
  ],
);

/** Personal API tokens: shown once, stored as SHA-256, revocable, with last-used time. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    name: text('name').notNull(),
    /** First characters of the secret, so a user can tell tokens apart. */
    prefix: text('prefix').notNull(),
    tokenHash: text('token_hash').notNull().unique('api_tokens_hash_key'),
    lastUsedAt: tstz('last_used_at'),
    expiresAt: tstz('expires_at'),
    revokedAt: tstz('revoked_at'),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      columns: [t.orgId, t.userId],
      foreignColumns: [users.orgId, users.id],
      name: 'api_tokens_user_fk',
    }),
    index('api_tokens_user_idx').on(t.orgId, t.userId),
  ],
);

/**
 * Failed and successful sign-in attempts, keyed by account (lower e-mail) and by address, for
 * throttling. Not tenant data: an attempt may name an e-mail that belongs to no org.
 */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    success: boolean('success').notNull(),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('login_attempts_key_idx').on(t.kind, t.key, t.at)],
);
