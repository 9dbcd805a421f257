import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ATTITUDES, DECISION_ROLES } from '../../services/contacts/contact-fields.ts';
import { createContact } from '../../services/contacts/create-contact.ts';
import { deleteContact } from '../../services/contacts/delete-contact.ts';
import { getContact } from '../../services/contacts/get-contact.ts';
import { listContacts } from '../../services/contacts/list-contacts.ts';
import { updateContact } from '../../services/contacts/update-contact.ts';
import { loadPersonalDataReader } from '../../services/personal-data/load-reader.ts';
import { ctxOf, type RouteDeps, versionOf } from '../deps.ts';
import { contactSchema, presentContact } from '../presenters/contacts.ts';
import { email, errors, idParams, pageOf, pageQuery, text, uuid } from '../schemas/common.ts';
import { consentFields } from '../schemas/personal-data.ts';

/** Editable fields of a contact (all optional here; creation requires `name`). */
export const contactBody = z
  .strictObject({
    name: text(100, 1),
    title: text(100).nullable(),
    mobile: text(32).nullable(),
    email: z.union([email, z.literal('')]).nullable(),
    wechat: text(64).nullable(),
    decisionRole: z.enum(DECISION_ROLES).nullable(),
    attitude: z.enum(ATTITUDES).nullable(),
    reportsToId: uuid.nullable(),
    ...consentFields,
  })
  .partial();

export const contactListQuery = z.strictObject({
  q: text(100).optional(),
  customerId: uuid.optional(),
  decisionRole: z.enum(DECISION_ROLES).optional(),
  attitude: z.enum(ATTITUDES).optional(),
  sort: z.enum(['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt']).optional(),
  ...pageQuery,
});

export function contactRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/contacts',
    {
      schema: {
        tags: ['contacts'],
        summary: 'List contacts of the customers in my scope',
        querystring: contactListQuery,
        response: { 200: pageOf(contactSchema), ...errors },
      },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      const page = await listContacts(ctx, request.query);
      const reader = await loadPersonalDataReader(ctx.db, ctx.actor);
      return { ...page, items: page.items.map((c) => presentContact(reader, c)) };
    },
  );

  r.get(
    '/api/v1/contacts/:id',
    {
      schema: {
        tags: ['contacts'],
        summary: 'One contact',
        params: idParams,
        response: { 200: contactSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      const contact = await getContact(ctx, request.params.id);
      return presentContact(await loadPersonalDataReader(ctx.db, ctx.actor), contact);
    },
  );

  r.post(
    '/api/v1/contacts',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['contacts'],
        summary: 'Create a contact of a customer in my scope',
        body: contactBody.extend({ customerId: uuid }).required({ name: true }),
        response: { 201: contactSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { customerId, ...input } = request.body;
      const ctx = ctxOf(request, deps);
      const contact = await createContact(ctx, customerId, input);
      return reply.status(201).send(presentContact(await loadPersonalDataReader(ctx.db, ctx.actor), contact));
    },
  );

  r.patch(
    '/api/v1/contacts/:id',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['contacts'],
        summary: 'Change a contact; only sent fields change; If-Match required',
        params: idParams,
        body: contactBody,
        response: { 200: contactSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      const contact = await updateContact(ctx, request.params.id, versionOf(request), request.body);
      return presentContact(await loadPersonalDataReader(ctx.db, ctx.actor), contact);
    },
  );

  r.delete(
    '/api/v1/contacts/:id',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['contacts'],
        summary: 'Delete a contact no deal, activity or lead refers to; If-Match required',
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await deleteContact(ctxOf(request, deps), request.params.id, versionOf(request));
      return reply.status(204).send(null);
    },
  );
}
