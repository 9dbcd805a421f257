import Fastify from 'fastify';
import { serializerCompiler as libraryCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerErrorHandler } from '../../../src/server/plugins/errors.ts';
import { parsesLikeEncode, serializerCompiler } from '../../../src/server/plugins/serializer.ts';
import { customerSchema } from '../../../src/server/presenters/customers.ts';

const customer = {
  id: 'aca3add6-b37c-4a97-8153-2a85c0e74881',
  name: '客户 5000',
  creditCode: null,
  industry: null,
  size: null,
  region: null,
  city: null,
  channel: 'direct',
  source: null,
  tier: 'normal',
  lifecycle: 'prospect',
  tags: ['a', 'b'],
  budgetCycle: null,
  decisionProcess: null,
  painPoints: null,
  ownerId: '01a23783-d07a-7784-891e-8df2d653fa4e',
  ownerName: 'Ada Admin',
  unitId: '01a23783-d07a-7784-891e-8b898ac2f305',
  mergedIntoId: null,
  version: 1,
  creditRisk: false,
  createdAt: '2026-12-02T16:08:35.211Z',
  updatedAt: '2026-12-02T16:08:35.211Z',
};

type Compiler = (route: {
  schema: z.ZodType;
  method: string;
  url: string;
  httpStatus: string;
}) => (data: unknown) => string;

function compile(compiler: Compiler, schema: z.ZodType) {
  return compiler({ schema, method: 'GET', url: '/x', httpStatus: '200' });
}

describe('response serializer', () => {
  it('tells direction-neutral schemas from those that parse and encode differently', () => {
    expect(parsesLikeEncode(customerSchema)).toBe(true);
    expect(parsesLikeEncode(z.object({ a: z.array(z.object({ b: z.number().int().nullable() })) }))).toBe(
      true,
    );
    const lazy: z.ZodType = z.lazy(() => z.object({ children: z.array(lazy) }));
    expect(parsesLikeEncode(lazy)).toBe(true);
    expect(parsesLikeEncode(z.object({ a: z.string().default('x') }))).toBe(false);
    expect(parsesLikeEncode(z.object({ a: z.array(z.string().transform((s) => s.length)) }))).toBe(false);
    expect(parsesLikeEncode(z.object({ a: z.coerce.number() }))).toBe(false);
    expect(parsesLikeEncode(z.object({ a: z.iso.datetime().pipe(z.string()) }))).toBe(false);
    expect(
      parsesLikeEncode(
        z.codec(z.iso.datetime(), z.date(), { decode: (s) => new Date(s), encode: (d) => d.toISOString() }),
      ),
    ).toBe(false);
    expect(parsesLikeEncode(z.object({ a: z.string().catch('x') }).nullable())).toBe(false);
  });

  it('writes exactly what fastify-type-provider-zod writes, dropping keys outside the schema', () => {
    const ours = compile(serializerCompiler, customerSchema);
    const theirs = compile(libraryCompiler, customerSchema);
    const withExtra = { ...customer, nameKey: 'internal', passwordHash: 'secret' };
    expect(ours(withExtra)).toBe(theirs(withExtra));
    expect(JSON.parse(ours(withExtra))).toEqual(customer);
  });

  it('keeps encode semantics for a schema that is not direction-neutral', () => {
    const schema = z.object({ a: z.string().default('x') });
    // Encoding does not fill defaults: a missing value is a mismatch, as with the library.
    expect(() => compile(libraryCompiler, schema)({})).toThrow();
    expect(() => compile(serializerCompiler, schema)({})).toThrow();
    expect(compile(serializerCompiler, schema)({ a: 'y' })).toBe('{"a":"y"}');
  });

  it('answers a response that does not match its schema with a 500 in the API error shape', async () => {
    const app = Fastify();
    app.setSerializerCompiler(serializerCompiler);
    registerErrorHandler(app);
    app.get('/ok', { schema: { response: { 200: customerSchema } } }, async () => customer);
    app.get('/bad', { schema: { response: { 200: customerSchema } } }, async () => ({
      ...customer,
      version: 'one',
    }));
    const ok = await app.inject({ method: 'GET', url: '/ok' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual(customer);
    const bad = await app.inject({ method: 'GET', url: '/bad' });
    expect(bad.statusCode).toBe(500);
    expect(bad.json()).toEqual({ error: { code: 'internal', message: expect.any(String), details: [] } });
    await app.close();
  });
});
