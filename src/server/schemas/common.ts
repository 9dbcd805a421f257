import { z } from 'zod';
import { ROLES } from '../../core/auth/roles.ts';

/** Free text as users type it: trimmed length limits, and no NUL (PostgreSQL text cannot hold it). */
export const text = (max: number, min = 0) =>
  z
    .string()
    .max(max)
    .refine((s) => s.trim().length >= min, { message: min > 0 ? 'must not be empty' : 'invalid' })
    .refine((s) => !s.includes('\u0000'), { message: 'must not contain NUL characters' });

export const email = z
  .email({ message: 'must be a valid e-mail address' })
  .max(254)
  .refine((s) => !s.includes('\u0000'));
export const uuid = z.uuid({ message: 'must be a UUID' });
export const role = z.enum(ROLES);
export const isoDate = z.string().describe('ISO 8601 date-time');

/** A calendar date, YYYY-MM-DD, that PostgreSQL can store (there is no year 0000). */
export const calendarDate = z.iso
  .date({ message: 'must be a date, YYYY-MM-DD' })
  .refine((s) => s >= '0001-01-01', { message: 'must be a date from 0001-01-01 on' });

// A day's margin inside PostgreSQL's and the driver's range, whatever the offset or the time zone.
const EARLIEST = Date.parse('0001-01-02T00:00:00Z');
const LATEST = Date.parse('9999-12-30T00:00:00Z');

/** An ISO 8601 date-time with an offset (…Z or …+08:00), as sent, between years 0001 and 9999. */
export const dateTimeText = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-01-31T09:00:00+08:00' })
  .refine(
    (s) => {
      const t = Date.parse(s);
      return t >= EARLIEST && t <= LATEST;
    },
    { message: 'must be between 0001-01-02 and 9999-12-30' },
  );

/** `dateTimeText` as a Date. */
export const dateTime = dateTimeText.transform((s) => new Date(s));

export const idParams = z.strictObject({ id: uuid });

/** Query booleans arrive as strings. */
export const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * A whole number in a query string: digits only (no sign, spaces, exponent or hex, which
 * `z.coerce.number` would let through or turn an empty value into 0), within min…max.
 */
export function queryInt(min: number, max: number) {
  return z
    .string()
    .regex(/^[0-9]{1,16}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

export const pageQuery = {
  limit: queryInt(1, 200).optional(),
  cursor: z.string().max(2000).optional(),
};

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    totalCapped: z.boolean(),
    nextCursor: z.string().nullable(),
  });

/**
 * The text of a `pageOf` answer whose items are already JSON (from `paginateJson`): the route sends
 * it as is, so it skips the response schema's encode; tests hold such routes to their schema.
 */
export function pageJson(page: {
  items: string[];
  total: number;
  totalCapped: boolean;
  nextCursor: string | null;
}): string {
  return `{"items":[${page.items.join(',')}],"total":${page.total},"totalCapped":${page.totalCapped},"nextCursor":${JSON.stringify(page.nextCursor)}}`;
}

export const errorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })),
      current: z.unknown().optional(),
      candidates: z.array(z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });

/** The error responses every authenticated route may give (DESIGN.md §6). */
export const errors = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  412: errorBody,
  422: errorBody,
  428: errorBody,
  429: errorBody,
} as const;

export const ifMatchHeader = z.object({ 'if-match': z.string().max(40).optional() }).passthrough();
