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

export const idParams = z.strictObject({ id: uuid });

/** Query booleans arrive as strings. */
export const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).optional(),
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
