/**
 * Helpers over the generated API types (api-schema.ts, `npm run gen:api`): the web names its shapes
 * after the server's zod schemas instead of copying them, so a changed schema breaks the typecheck here.
 */
import type { components, paths } from './api-schema.ts';

/** The API's named shapes: each zod schema the server gives an id with `.meta({ id })`. */
export type Schemas = components['schemas'];

export type ApiPath = keyof paths;
type Operation = 'get' | 'post' | 'put' | 'patch' | 'delete';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

/** The JSON answer of an operation (its 200 or 201 response). */
export type ResponseOf<P extends ApiPath, M extends Operation> = paths[P][M] extends {
  responses: infer Responses;
}
  ? Responses extends { 200: infer Ok }
    ? JsonOf<Ok>
    : Responses extends { 201: infer Created }
      ? JsonOf<Created>
      : never
  : never;

/** The JSON body an operation accepts. */
export type RequestBodyOf<P extends ApiPath, M extends Operation> = paths[P][M] extends {
  requestBody?: infer Body;
}
  ? JsonOf<NonNullable<Body>>
  : never;

/** The query parameters an operation accepts. */
export type QueryOf<P extends ApiPath, M extends Operation> = paths[P][M] extends {
  parameters: { query?: infer Query };
}
  ? NonNullable<Query>
  : never;
