import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createContact } from '../../services/contacts/create-contact.ts';
import { listContacts } from '../../services/contacts/list-contacts.ts';
import { createCustomer } from '../../services/customers/create-customer.ts';
import {
  CUSTOMER_CHANNELS,
  CUSTOMER_LIFECYCLES,
  CUSTOMER_SIZES,
  CUSTOMER_TIERS,
  MAX_TAG_LENGTH,
  MAX_TAGS,
} from '../../services/customers/customer-fields.ts';
import { customerTimeline } from '../../services/customers/customer-timeline.ts';
import { getCustomer } from '../../services/customers/get-customer.ts';
import { listCustomers } from '../../services/customers/list-customers.ts';
import { mergeCustomers } from '../../services/customers/merge-customers.ts';
import { customerRelationshipMap } from '../../services/customers/relationship-map.ts';
import { updateCustomer } from '../../services/customers/update-customer.ts';
import { loadPersonalDataReader } from '../../services/personal-data/load-reader.ts';
import { ctxOf, type RouteDeps, versionOf } from '../deps.ts';
import { contactSchema, presentContact } from '../presenters/contacts.ts';
import {
  customerSchema,
  mergeResultSchema,
  presentCustomer,
  presentTimelineItem,
  relationshipMapSchema,
  timelineSchema,
} from '../presenters/customers.ts';
import { errors, idParams, pageOf, pageQuery, queryBool, text, uuid } from '../schemas/common.ts';
import { contactBody, contactListQuery } from './contacts.ts';

const optionalText = (max: number) => text(max).nullable();

/** Editable fields of a customer; POST requires `name`, PATCH sends any subset. */
const customerFields = {
  name: text(200, 1),
  creditCode: text(40).nullable(),
  industry: optionalText(100),
  size: z.enum(CUSTOMER_SIZES).nullable(),
  region: optionalText(100),
  city: optionalText(100),
  channel: z.enum(CUSTOMER_CHANNELS),
  source: optionalText(100),
  tier: z.enum(CUSTOMER_TIERS),
  lifecycle: z.enum(CUSTOMER_LIFECYCLES),
  tags: z.array(text(MAX_TAG_LENGTH)).max(MAX_TAGS),
  budgetCycle: optionalText(500),
  decisionProcess: optionalText(2000),
  painPoints: optionalText(2000),
  ownerId: uuid,
};

const forceQuery = z.strictObject({ force: queryBool.optional() });

export function customerRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/customers',
    {
      schema: {
        tags: ['customers'],
        summary: 'List customers in my scope (merged ones excluded)',
        querystring: z.strictObject({
          q: text(100).optional(),
          tier: z.enum(CUSTOMER_TIERS).optional(),
          lifecycle: z.enum(CUSTOMER_LIFECYCLES).optional(),
          channel: z.enum(CUSTOMER_CHANNELS).optional(),
          industry: text(100).optional(),
          region: text(100).optional(),
          city: text(100).optional(),
          ownerId: uuid.optional(),
          unitId: uuid.optional(),
          tag: text(MAX_TAG_LENGTH).optional(),
          sort: z.enum(['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt']).optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(customerSchema), ...errors },
      },
    },
    async (request) => {
      const page = await listCustomers(ctxOf(request, deps), request.query);
      return { ...page, items: page.items.map(presentCustomer) };
    },
  );

  r.get(
    '/api/v1/customers/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'One customer (a merged one answers with mergedIntoId set)',
        params: idParams,
        response: { 200: customerSchema, ...errors },
      },
    },
    async (request) => presentCustomer(await getCustomer(ctxOf(request, deps), request.params.id)),
  );

  r.post(
    '/api/v1/customers',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['customers'],
        summary:
          'Create a customer; 409 with candidates on a duplicate (force=true overrides a same-name match only)',
        querystring: forceQuery,
        body: z.strictObject(customerFields).partial().required({ name: true }),
        response: { 201: customerSchema, ...errors },
      },
    },
    async (request, reply) => {
      const customer = await createCustomer(ctxOf(request, deps), request.body, {
        force: request.query.force ?? false,
      });
      return reply.status(201).send(presentCustomer(customer));
    },
  );

  r.patch(
    '/api/v1/customers/:id',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['customers'],
        summary: 'Change a customer; only sent fields change; If-Match required',
        params: idParams,
        querystring: forceQuery,
        body: z.strictObject(customerFields).partial(),
        response: { 200: customerSchema, ...errors },
      },
    },
    async (request) =>
      presentCustomer(
        await updateCustomer(ctxOf(request, deps), request.params.id, versionOf(request), request.body, {
          force: request.query.force ?? false,
        }),
      ),
  );

  r.post(
    '/api/v1/customers/:id/merge',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['customers'],
        summary:
          'Merge this customer into another (moves contacts, deals, activities, tasks, leads); If-Match of this one',
        params: idParams,
        body: z.strictObject({ intoId: uuid }),
        response: { 200: mergeResultSchema, ...errors },
      },
    },
    async (request) => {
      const result = await mergeCustomers(
        ctxOf(request, deps),
        request.params.id,
        versionOf(request),
        request.body.intoId,
      );
      return { customer: presentCustomer(result.customer), moved: result.moved };
    },
  );

  r.get(
    '/api/v1/customers/:id/timeline',
    {
      schema: {
        tags: ['customers'],
        summary: '360° timeline: activities, stage changes, tasks and changes I may see, newest first',
        params: idParams,
        querystring: z.strictObject(pageQuery),
        response: { 200: timelineSchema, ...errors },
      },
    },
    async (request) => {
      const t = await customerTimeline(ctxOf(request, deps), request.params.id, request.query);
      return { items: t.items.map(presentTimelineItem), nextCursor: t.nextCursor };
    },
  );

  r.get(
    '/api/v1/customers/:id/relationship-map',
    {
      schema: {
        tags: ['customers'],
        summary: "The customer's contacts and who reports to whom",
        params: idParams,
        response: { 200: relationshipMapSchema, ...errors },
      },
    },
    async (request) => customerRelationshipMap(ctxOf(request, deps), request.params.id),
  );

  r.get(
    '/api/v1/customers/:id/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary: "A customer's contacts",
        params: idParams,
        querystring: contactListQuery.omit({ customerId: true }),
        response: { 200: pageOf(contactSchema), ...errors },
      },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      // The customer itself must be visible: an out-of-scope id answers 404, not an empty list.
      await getCustomer(ctx, request.params.id);
      const page = await listContacts(ctx, { ...request.query, customerId: request.params.id });
      const reader = await loadPersonalDataReader(ctx.db, ctx.actor);
      return { ...page, items: page.items.map((c) => presentContact(reader, c)) };
    },
  );

  r.post(
    '/api/v1/customers/:id/contacts',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['contacts'],
        summary: 'Add a contact to a customer',
        params: idParams,
        body: contactBody.required({ name: true }),
        response: { 201: contactSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request, deps);
      const contact = await createContact(ctx, request.params.id, request.body);
      return reply.status(201).send(presentContact(await loadPersonalDataReader(ctx.db, ctx.actor), contact));
    },
  );
}
