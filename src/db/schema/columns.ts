import { boolean, integer, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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

/**
 * Personal-data columns of a person record (contacts, leads; docs/personal-data.md): marketing
 * consent — whether (null = never asked), when and through which channel — and when the person's
 * data was erased (the record stays, anonymised, so deals and figures keep their links).
 */
export const personColumns = () => ({
  marketingConsent: boolean('marketing_consent'),
  marketingConsentAt: tstz('marketing_consent_at'),
  /** web_form | phone | email | wechat | in_person | paper | event | other */
  marketingConsentChannel: text('marketing_consent_channel'),
  erasedAt: tstz('erased_at'),
});
