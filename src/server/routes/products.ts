import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listProductLines, listProducts } from '../../services/products/list-catalog.ts';
import {
  createProductLine,
  deleteProductLine,
  getProductLine,
  updateProductLine,
} from '../../services/products/manage-product-lines.ts';
import {
  createProduct,
  deleteProduct,
  getProduct,
  updateProduct,
} from '../../services/products/manage-products.ts';
import { ctxOf, type RouteDeps, versionOf } from '../deps.ts';
import {
  presentProduct,
  presentProductLine,
  productLineSchema,
  productSchema,
} from '../presenters/products.ts';
import { errors, idParams, pageOf, pageQuery, queryBool, text, uuid } from '../schemas/common.ts';

const lineFields = { name: text(100, 1), code: text(40).nullable(), active: z.boolean() };
const productFields = {
  productLineId: uuid,
  name: text(200, 1),
  sku: text(64).nullable(),
  listPrice: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  unit: text(20).nullable(),
  active: z.boolean(),
};

export function productRoutes(app: FastifyInstance, deps: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/product-lines',
    {
      schema: {
        tags: ['products'],
        summary: 'List product lines',
        querystring: z.strictObject({
          q: text(100).optional(),
          active: queryBool.optional(),
          sort: z.enum(['name', '-name', 'createdAt', '-createdAt']).optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(productLineSchema), ...errors },
      },
    },
    async (request) => {
      const page = await listProductLines(ctxOf(request, deps), request.query);
      return { ...page, items: page.items.map(presentProductLine) };
    },
  );

  r.get(
    '/api/v1/product-lines/:id',
    {
      schema: {
        tags: ['products'],
        summary: 'One product line',
        params: idParams,
        response: { 200: productLineSchema, ...errors },
      },
    },
    async (request) => presentProductLine(await getProductLine(ctxOf(request, deps), request.params.id)),
  );

  r.post(
    '/api/v1/product-lines',
    {
      config: { permission: 'catalog.write' },
      schema: {
        tags: ['products'],
        summary: 'Create a product line (admin, sales ops)',
        body: z.strictObject(lineFields).partial().required({ name: true }),
        response: { 201: productLineSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(presentProductLine(await createProductLine(ctxOf(request, deps), request.body))),
  );

  r.patch(
    '/api/v1/product-lines/:id',
    {
      config: { permission: 'catalog.write' },
      schema: {
        tags: ['products'],
        summary: 'Change a product line (admin, sales ops); If-Match required',
        params: idParams,
        body: z.strictObject(lineFields).partial(),
        response: { 200: productLineSchema, ...errors },
      },
    },
    async (request) =>
      presentProductLine(
        await updateProductLine(ctxOf(request, deps), request.params.id, versionOf(request), request.body),
      ),
  );

  r.delete(
    '/api/v1/product-lines/:id',
    {
      config: { permission: 'catalog.write' },
      schema: {
        tags: ['products'],
        summary: 'Delete a product line, or deactivate it when products refer to it; If-Match required',
        params: idParams,
        response: {
          200: z.object({
            outcome: z.enum(['deleted', 'deactivated']),
            productLine: productLineSchema.nullable(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const res = await deleteProductLine(ctxOf(request, deps), request.params.id, versionOf(request));
      return {
        outcome: res.outcome,
        productLine: res.productLine ? presentProductLine(res.productLine) : null,
      };
    },
  );

  r.get(
    '/api/v1/products',
    {
      schema: {
        tags: ['products'],
        summary: 'List products',
        querystring: z.strictObject({
          q: text(100).optional(),
          productLineId: uuid.optional(),
          active: queryBool.optional(),
          sort: z.enum(['name', '-name', 'createdAt', '-createdAt', 'listPrice', '-listPrice']).optional(),
          ...pageQuery,
        }),
        response: { 200: pageOf(productSchema), ...errors },
      },
    },
    async (request) => {
      const page = await listProducts(ctxOf(request, deps), request.query);
      return { ...page, items: page.items.map(presentProduct) };
    },
  );

  r.get(
    '/api/v1/products/:id',
    {
      schema: {
        tags: ['products'],
        summary: 'One product',
        params: idParams,
        response: { 200: productSchema, ...errors },
      },
    },
    async (request) => presentProduct(await getProduct(ctxOf(request, deps), request.params.id)),
  );

  r.post(
    '/api/v1/products',
    {
      config: { permission: 'catalog.write' },
      schema: {
        tags: ['products'],
        summary: 'Create a product (admin, sales ops); list price in minor units; SKU unique',
        body: z
          .strictObject(productFields)
          .partial()
          .required({ productLineId: true, name: true, listPrice: true }),
        response: { 201: productSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(presentProduct(await createProduct(ctxOf(request, deps), request.body))),
  );

  r.patch(
    '/api/v1/products/:id',
    {
      config: { permission: 'catalog.write' },
      schema: {
        tags: ['products'],
        summary: 'Change a product (admin, sales ops); If-Match required',
        params: idParams,
        body: z.strictObject(productFields).partial(),
        response: { 200: productSchema, ...errors },
      },
    },
    async (request) =>
      presentProduct(
        await updateProduct(ctxOf(request, deps), request.params.id, versionOf(request), request.body),
      ),
  );

  r.delete(
    '/api/v1/products/:id',
    {
      config: { permission: 'catalog.write' },
      schema: {
        tags: ['products'],
        summary: 'Delete a product, or deactivate it when deals refer to it; If-Match required',
        params: idParams,
        response: {
          200: z.object({ outcome: z.enum(['deleted', 'deactivated']), product: productSchema.nullable() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const res = await deleteProduct(ctxOf(request, deps), request.params.id, versionOf(request));
      return { outcome: res.outcome, product: res.product ? presentProduct(res.product) : null };
    },
  );
}
