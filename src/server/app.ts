import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler } from 'fastify-type-provider-zod';
import type { Db } from '../db/client.ts';
import { type AuthSettings, defaultAuthSettings } from '../services/auth/settings.ts';
import { systemNow } from '../services/context.ts';
import { loadPersonalDataReader } from '../services/personal-data/load-reader.ts';
import type { RouteDeps } from './deps.ts';
import { actorOf, registerAuth } from './plugins/auth.ts';
import { clientErrorHandler, frameworkErrors, registerErrorHandler } from './plugins/errors.ts';
import { serializerCompiler } from './plugins/serializer.ts';
import { registerSlowBodyGuard, serverTimeouts } from './plugins/slow-body.ts';
import { accountRoutes } from './routes/account.ts';
import { activityRoutes } from './routes/activities.ts';
import { attachmentRoutes } from './routes/attachments.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { bankImportRoutes } from './routes/bank-imports.ts';
import { collectionSettingsRoutes } from './routes/collection-settings.ts';
import { contactRoutes } from './routes/contacts.ts';
import { contractRoutes } from './routes/contracts.ts';
import { customerRoutes } from './routes/customers.ts';
import { dealRoutes } from './routes/deals.ts';
import { exportRoutes } from './routes/exports.ts';
import { healthRoutes } from './routes/health.ts';
import { importRoutes } from './routes/imports.ts';
import { leadRoutes } from './routes/leads.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { orderRoutes } from './routes/orders.ts';
import { orgUnitRoutes } from './routes/org-units.ts';
import { paymentPlanRoutes } from './routes/payment-plans.ts';
import { personalDataRoutes } from './routes/personal-data.ts';
import { pipelineRoutes } from './routes/pipeline.ts';
import { productRoutes } from './routes/products.ts';
import { receiptRoutes } from './routes/receipts.ts';
import { receivableRoutes } from './routes/receivables.ts';
import { salesSettingsRoutes } from './routes/sales-settings.ts';
import { savedViewRoutes } from './routes/saved-views.ts';
import { taskRoutes } from './routes/tasks.ts';
import { userRoutes } from './routes/users.ts';

export interface AppOptions {
  db: Db;
  now?: () => Date;
  settings?: Partial<AuthSettings>;
  secureCookies?: boolean;
  trustProxy?: boolean;
  queueHealth?: () => Promise<boolean>;
  /** Built SPA to serve at `/` (web/dist); omitted in API-only tests. */
  webDist?: string | undefined;
  logger?: boolean | { level: string };
}

export const defaultWebDist = path.resolve(new URL('../../web/dist', import.meta.url).pathname);

/** Builds the HTTP app: thin routes over services, one error shape, OpenAPI from the zod schemas. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    // Query strings stay flat: a[]=1 is not an array here, so no surprise types reach the schemas.
    routerOptions: { ignoreTrailingSlash: true },
    // A malformed address answers in the API's error shape too.
    frameworkErrors,
    clientErrorHandler,
    // Slow or stalled clients are cut (408) rather than held open: see plugins/slow-body.ts.
    requestTimeout: serverTimeouts.requestMs,
    connectionTimeout: serverTimeouts.idleSocketMs,
    keepAliveTimeout: serverTimeouts.keepAliveMs,
    // While closing, a request arriving on a kept-alive connection is answered 503 (Fastify's
    // default, said here because the graceful shutdown in cli/start.ts relies on it).
    return503OnClosing: true,
  });
  app.server.headersTimeout = serverTimeouts.headersMs;
  // Fastify parses text/plain by default, which then failed body validation with a 400; the API takes
  // JSON only (imports send files base64-encoded in JSON), so any other body type answers 415.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  // Responses are checked against their zod schema as fastify-type-provider-zod does, more cheaply.
  app.setSerializerCompiler(serializerCompiler);
  // A 412's copy of a contact or lead is masked by the reader's rights, like any other response.
  registerErrorHandler(app, (request) => loadPersonalDataReader(options.db, actorOf(request)));
  registerSlowBodyGuard(app);
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'SalesOps API',
        version: '1',
        description:
          'REST API of SalesOps. Authenticate with a session cookie (web; writes need the x-csrf-token header) or a personal API token as `Authorization: Bearer sot_…`. Updates and deletes need `If-Match: <version>`. Errors: `{ error: { code, message, details: [{ path, message }] } }`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'salesops_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  const deps: RouteDeps = {
    db: options.db,
    now: options.now ?? systemNow,
    settings: { ...defaultAuthSettings, ...options.settings },
    secureCookies: options.secureCookies ?? false,
    ...(options.queueHealth ? { queueHealth: options.queueHealth } : {}),
  };
  registerAuth(app, deps);
  authRoutes(app, deps);
  userRoutes(app, deps);
  orgUnitRoutes(app, deps);
  accountRoutes(app, deps);
  auditRoutes(app, deps);
  healthRoutes(app, deps);
  pipelineRoutes(app, deps);
  dealRoutes(app, deps);
  activityRoutes(app, deps);
  taskRoutes(app, deps);
  notificationRoutes(app, deps);
  leadRoutes(app, deps);
  salesSettingsRoutes(app, deps);
  customerRoutes(app, deps);
  contactRoutes(app, deps);
  personalDataRoutes(app, deps);
  productRoutes(app, deps);
  savedViewRoutes(app, deps);
  importRoutes(app, deps);
  exportRoutes(app, deps);
  attachmentRoutes(app, deps);
  collectionSettingsRoutes(app, deps);
  contractRoutes(app, deps);
  paymentPlanRoutes(app, deps);
  receiptRoutes(app, deps);
  receivableRoutes(app, deps);
  orderRoutes(app, deps);
  bankImportRoutes(app, deps);
  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  if (options.webDist && fs.existsSync(path.join(options.webDist, 'index.html'))) {
    const root = options.webDist;
    await app.register(fastifyStatic, { root, wildcard: false, index: false });
    // Read on each page load (a few KB): a rebuilt web/dist is picked up without a restart.
    const sendIndex = (_req: unknown, reply: import('fastify').FastifyReply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(fs.readFileSync(path.join(root, 'index.html'), 'utf8'));
    app.get('/', sendIndex);
    // Client-side routes (e.g. /admin/users) load the SPA; unknown /api paths stay JSON 404s.
    app.get('/*', (request, reply) => {
      const url = request.url.split('?')[0] ?? '';
      if (url.startsWith('/api/')) {
        return reply.callNotFound();
      }
      const file = path.join(root, path.normalize(url));
      if (file.startsWith(root) && fs.existsSync(file) && fs.statSync(file).isFile()) {
        return reply.sendFile(path.relative(root, file));
      }
      return sendIndex(request, reply);
    });
  }
  return app;
}
