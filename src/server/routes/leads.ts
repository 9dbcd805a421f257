import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.ts';
import { changeLeadStatus, SETTABLE_LEAD_STATUSES } from '../../services/leads/change-lead-status.ts';
import { convertLead } from '../../services/leads/convert-lead.ts';
import { createLead } from '../../services/leads/create-lead.ts';
import { getLead } from '../../services/leads/get-lead.ts';
import {
  BANT_LEVELS,
  LEAD_GRADES,
  LEAD_STATUSES,
  SOURCE_CHANNELS,
} from '../../services/leads/lead-fields.ts';
import { listLeads } from '../../services/leads/list-leads.ts';
import {
  createAssignmentRule,
  deleteAssignmentRule,
  getAssignmentRule,
  listAssignmentRules,
  RULE_KINDS,
  updateAssignmentRule,
} from '../../services/leads/manage-assignment-rules.ts';
import { updateLead } from '../../services/leads/update-lead.ts';
import { loadPersonalDataReader } from '../../services/personal-data/load-reader.ts';
import { ctxOf, type RouteDeps, versionOf } from '../deps.ts';
import {
  assignmentRuleSchema,
  conversionSchema,
  leadSchema,
  presentAssignmentRule,
  presentConversion,
  presentLead,
} from '../presenters/leads.ts';
import { email, errors, idParams, pageOf, pageQuery, queryBool, text, uuid } from '../schemas/common.ts';
import { consentFields } from '../schemas/personal-data.ts';

const bant = z.enum(BANT_LEVELS);
const optional = (max: number) => text(max).nullable().optional();
/** Minor units: whole, ≥ 0, within JavaScript's exact integers. */
const minorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' });

const leadFields = {
  name: text(100, 1),
  company: optional(200),
  title: optional(100),
  mobile: optional(32),
  email: email.nullable().optional(),
  wechat: optional(100),
  sourceChannel: z.enum(SOURCE_CHANNELS).optional(),
  region: optional(50),
  city: optional(50),
  industry: optional(100),
  bantBudget: bant.optional(),
  bantAuthority: bant.optional(),
  bantNeed: bant.optional(),
  bantTimeline: bant.optional(),
  budgetAmount: minorUnits.nullable().optional(),
  notes: optional(5000),
  ownerId: uuid.optional(),
  ...consentFields,
};

/** Who reads, for masking personal data in the responses (policies/personal-data.ts). */
const readerOf = (ctx: ServiceContext) => loadPersonalDataReader(ctx.db, ctx.actor);

export function leadRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/leads',
    {
      schema: {
        tags: ['leads'],
        summary: 'List leads in my scope',
        querystring: z.strictObject({
          q: text(100).optional(),
          status: z.enum(LEAD_STATUSES).optional(),
          grade: z.enum(LEAD_GRADES).optional(),
          sourceChannel: z.enum(SOURCE_CHANNELS).optional(),
          ownerId: uuid.optional(),
          unitId: uuid.optional(),
          slaBreached: queryBool.optional(),
          sort: z.enum(['createdAt', '-createdAt', 'score', '-score', 'name', '-name']).optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(leadSchema), ...errors },
      },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      const page = await listLeads(ctx, request.query);
      const reader = await readerOf(ctx);
      return { ...page, items: page.items.map((l) => presentLead(reader, l)) };
    },
  );

  r.get(
    '/api/v1/leads/:id',
    {
      schema: {
        tags: ['leads'],
        summary: 'One lead',
        params: idParams,
        response: { 200: leadSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      return presentLead(await readerOf(ctx), await getLead(ctx, request.params.id));
    },
  );

  r.post(
    '/api/v1/leads',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['leads'],
        summary: 'Create a lead; scored from BANT; owner by rule unless a rep creates it or ownerId is given',
        body: z.strictObject(leadFields),
        response: { 201: leadSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request, deps);
      const lead = await createLead(ctx, request.body);
      return reply.status(201).send(presentLead(await readerOf(ctx), lead));
    },
  );

  r.patch(
    '/api/v1/leads/:id',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['leads'],
        summary: 'Change a lead; only sent fields change; score re-computed; If-Match required',
        params: idParams,
        body: z.strictObject(leadFields).partial(),
        response: { 200: leadSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      const lead = await updateLead(ctx, request.params.id, versionOf(request), request.body);
      return presentLead(await readerOf(ctx), lead);
    },
  );

  r.post(
    '/api/v1/leads/:id/status',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['leads'],
        summary: 'Move a lead to working, qualified or disqualified (reason required); If-Match required',
        params: idParams,
        body: z.strictObject({ status: z.enum(SETTABLE_LEAD_STATUSES), reason: text(500).optional() }),
        response: { 200: leadSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      const lead = await changeLeadStatus(ctx, request.params.id, versionOf(request), request.body);
      return presentLead(await readerOf(ctx), lead);
    },
  );

  r.post(
    '/api/v1/leads/:id/convert',
    {
      config: { permission: 'sales.write' },
      schema: {
        tags: ['leads'],
        summary:
          'Convert a qualified lead (or a working one with force) into customer + contact + deal, in one transaction; If-Match required',
        params: idParams,
        body: z.strictObject({
          customer: z.union([
            z.strictObject({ existingId: uuid }),
            z.strictObject({
              name: text(200, 1),
              creditCode: optional(40),
              industry: optional(100),
              region: optional(50),
              city: optional(50),
              /** Create it even though a customer with the same name exists (never for the same credit code). */
              allowSameName: z.boolean().optional(),
            }),
          ]),
          contact: z
            .strictObject({
              name: text(100, 1).optional(),
              title: optional(100),
              mobile: optional(32),
              email: email.nullable().optional(),
            })
            .optional(),
          deal: z
            .strictObject({
              name: text(200, 1),
              amount: minorUnits,
              expectedCloseDate: isoDay.nullable().optional(),
              stageKey: text(50, 1).optional(),
            })
            .nullable(),
          force: z.boolean().optional(),
        }),
        response: { 200: conversionSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = ctxOf(request, deps);
      const result = await convertLead(ctx, request.params.id, versionOf(request), request.body);
      return presentConversion(await readerOf(ctx), result);
    },
  );

  const ruleFields = {
    name: text(100, 1),
    kind: z.enum(RULE_KINDS),
    priority: z.number().int().min(0).max(100_000).optional(),
    matchRegion: optional(50),
    matchIndustry: optional(100),
    unitId: uuid.nullable().optional(),
    userId: uuid.nullable().optional(),
    active: z.boolean().optional(),
  };

  r.get(
    '/api/v1/lead-assignment-rules',
    {
      schema: {
        tags: ['leads'],
        summary: 'Lead assignment rules in my scope, by priority (admin, director, sales_ops, managers)',
        response: { 200: z.object({ items: z.array(assignmentRuleSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: (await listAssignmentRules(ctxOf(request, deps))).map(presentAssignmentRule),
    }),
  );

  r.get(
    '/api/v1/lead-assignment-rules/:id',
    {
      schema: {
        tags: ['leads'],
        summary: 'One lead assignment rule',
        params: idParams,
        response: { 200: assignmentRuleSchema, ...errors },
      },
    },
    async (request) =>
      presentAssignmentRule(await getAssignmentRule(ctxOf(request, deps), request.params.id)),
  );

  r.post(
    '/api/v1/lead-assignment-rules',
    {
      config: { permission: 'lead_rules.write' },
      schema: {
        tags: ['leads'],
        summary: 'Create a lead assignment rule (admin, sales_ops; managers inside their units)',
        body: z.strictObject(ruleFields),
        response: { 201: assignmentRuleSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentAssignmentRule(await createAssignmentRule(ctxOf(request, deps), request.body))),
  );

  r.patch(
    '/api/v1/lead-assignment-rules/:id',
    {
      config: { permission: 'lead_rules.write' },
      schema: {
        tags: ['leads'],
        summary: 'Change a lead assignment rule; If-Match required',
        params: idParams,
        body: z.strictObject(ruleFields).partial(),
        response: { 200: assignmentRuleSchema, ...errors },
      },
    },
    async (request) =>
      presentAssignmentRule(
        await updateAssignmentRule(ctxOf(request, deps), request.params.id, versionOf(request), request.body),
      ),
  );

  r.delete(
    '/api/v1/lead-assignment-rules/:id',
    {
      config: { permission: 'lead_rules.write' },
      schema: {
        tags: ['leads'],
        summary: 'Delete a lead assignment rule; If-Match required',
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await deleteAssignmentRule(ctxOf(request, deps), request.params.id, versionOf(request));
      return reply.status(204).send(null);
    },
  );
}
