import type { FastifySerializerCompiler } from 'fastify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { type ZodType, z } from 'zod';
import { $ZodType } from 'zod/v4/core';

/**
 * Response serialisation: the answer is checked against its zod schema (a mismatch is a 500, see
 * errors.ts; keys outside the schema are dropped) and then JSON.stringify'd, as
 * fastify-type-provider-zod's serializer does. That serializer checks with `z.safeEncode`, which in
 * zod 4 runs every checked node twice (a canary pass, then the checks) and skips the compiled fast path
 * for objects: about 8× the cost of `safeParse` on a customer, a tenth of a GET's CPU.
 *
 * For a schema made only of nodes that behave alike in both directions (no transform, pipe/codec,
 * default, prefault, catch, coercion …), encoding and parsing accept the same values and return the
 * same data, so such schemas are checked with `safeParse`; any other schema keeps `safeEncode`.
 */
const directionNeutral = new Set([
  'string',
  'number',
  'int',
  'boolean',
  'bigint',
  'null',
  'undefined',
  'never',
  'any',
  'unknown',
  'literal',
  'enum',
  'date',
  'template_literal',
  'array',
  'object',
  'tuple',
  'record',
  'union',
  'intersection',
  'nullable',
  'optional',
  'nonoptional',
  'readonly',
  'lazy',
]);

interface Def {
  type: string;
  coerce?: boolean;
  shape?: Record<string, ZodType>;
  catchall?: ZodType;
  element?: ZodType;
  items?: ZodType[];
  rest?: ZodType | null;
  keyType?: ZodType;
  valueType?: ZodType;
  options?: ZodType[];
  left?: ZodType;
  right?: ZodType;
  innerType?: ZodType;
  getter?: () => ZodType;
}

/** Whether `schema` parses and encodes alike (see above); unknown node kinds answer no. */
export function parsesLikeEncode(schema: ZodType, seen = new Set<ZodType>()): boolean {
  if (seen.has(schema)) {
    return true;
  }
  seen.add(schema);
  const def = schema._zod.def as Def;
  if (!directionNeutral.has(def.type) || def.coerce) {
    return false;
  }
  const children: (ZodType | null | undefined)[] = [
    ...Object.values(def.shape ?? {}),
    ...(def.items ?? []),
    ...(def.options ?? []),
    def.catchall,
    def.element,
    def.rest,
    def.keyType,
    def.valueType,
    def.left,
    def.right,
    def.innerType,
    def.type === 'lazy' ? def.getter?.() : undefined,
  ];
  return children.every((c) => !c || parsesLikeEncode(c, seen));
}

function resolveSchema(maybeSchema: unknown): ZodType {
  if (maybeSchema instanceof $ZodType) {
    return maybeSchema as ZodType;
  }
  const properties = (maybeSchema as { properties?: unknown } | null)?.properties;
  if (properties instanceof $ZodType) {
    return properties as ZodType;
  }
  throw new Error(`Not a zod response schema: ${JSON.stringify(maybeSchema)}`);
}

export const serializerCompiler: FastifySerializerCompiler<unknown> = ({ schema, method, url }) => {
  const zodSchema = resolveSchema(schema);
  const check = parsesLikeEncode(zodSchema)
    ? (data: unknown) => zodSchema.safeParse(data)
    : (data: unknown) => z.safeEncode(zodSchema, data as never);
  return (data) => {
    const result = check(data);
    if (!result.success) {
      throw new ResponseSerializationError(method, url, { cause: result.error });
    }
    return JSON.stringify(result.data);
  };
};
