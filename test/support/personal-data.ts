import type { FastifyInstance } from 'fastify';

/** Response fields that hold a person's identifiers (DESIGN §10 "Personal data"). */
export const PERSONAL_FIELD = /^(mobile|phone|email|wechat|idNumber)$/i;

type Schema = Record<string, unknown> & { $ref?: string; properties?: Record<string, unknown> };

/** The personal fields a JSON schema reaches, as paths ("items.Contact>mobile"). */
function personalPaths(
  doc: { components?: { schemas?: Record<string, Schema> } },
  s: unknown,
  seen = new Set(),
): string[] {
  const out: string[] = [];
  if (!s || typeof s !== 'object' || seen.has(s)) {
    return out;
  }
  seen.add(s);
  const schema = s as Schema;
  if (schema.$ref) {
    const id = schema.$ref.split('/').pop() as string;
    return personalPaths(doc, doc.components?.schemas?.[id], seen).map((p) => `${id}>${p}`);
  }
  for (const [k, v] of Object.entries(schema.properties ?? {})) {
    if (PERSONAL_FIELD.test(k)) {
      out.push(k);
    }
    out.push(...personalPaths(doc, v, seen).map((p) => `${k}.${p}`));
  }
  for (const key of ['items', 'anyOf', 'oneOf', 'allOf', 'additionalProperties']) {
    const v = schema[key];
    for (const x of Array.isArray(v) ? v : v ? [v] : []) {
      out.push(...personalPaths(doc, x, seen));
    }
  }
  return out;
}

/**
 * Every operation of the OpenAPI document whose JSON response (any status) contains a personal
 * field, as "METHOD /path" → the schemas that hold them (e.g. "Contact", "User").
 */
export function operationsWithPersonalFields(app: FastifyInstance): Map<string, Set<string>> {
  const doc = app.swagger() as {
    paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    components?: { schemas?: Record<string, Schema> };
  };
  const found = new Map<string, Set<string>>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      for (const r of Object.values(op.responses ?? {})) {
        const content = (r as { content?: Record<string, { schema?: unknown }> }).content ?? {};
        for (const media of Object.values(content)) {
          for (const p of personalPaths(doc, media.schema)) {
            const key = `${method.toUpperCase()} ${path}`;
            const schemas = found.get(key) ?? new Set<string>();
            schemas.add(p.split('>').slice(-2, -1)[0]?.split('.').pop() ?? p);
            found.set(key, schemas);
          }
        }
      }
    }
  }
  return found;
}

/** Every GET operation of the document, as paths with `{param}` placeholders. */
export function getOperations(app: FastifyInstance): string[] {
  const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths)
    .filter(([, ops]) => 'get' in ops)
    .map(([path]) => path);
}

let seq = 0;
/** A person's identifiers, unique in the test run. */
export function personIdentifiers() {
  const n = String(++seq).padStart(4, '0');
  const salt = Math.floor(Math.random() * 9000 + 1000);
  return {
    mobile: `139${salt}${n}`,
    email: `p${salt}x${n}@example.org`,
    wechat: `wx_p${salt}_${n}`,
  };
}
