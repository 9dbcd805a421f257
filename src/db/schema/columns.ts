import { integer, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Timestamps are timestamptz; the org's timezone only matters when a date is shown or bucketed. */
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Columns every mutable business record carries (DESIGN.md §4): optimistic-concurrency `version`
 * and who/when created and last updated it. `created_by`/`updated_by` are null for system writes
 * (migrations, the demo seed, the CLI).
 */
export const recordColumns = () => ({
  version: integer('version').notNull().default(1),
  createdAt: tstz('created_at').notNull().defaultNow(),
  createdBy: uuid('created_by'),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});
