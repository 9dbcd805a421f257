import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Conflict,
  DomainError,
  type ErrorDetail,
  PreconditionFailed,
  TooManyRequests,
} from '../../core/errors.ts';
import { MASKED_READER, type PersonalDataReader } from '../../policies/personal-data.ts';
import { type Lang, langOf, zhCN } from '../i18n/translate.ts';
import { presentersByEntity } from '../presenters/org.ts';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './database-unavailable.ts';

interface ErrorBody {
  error: { code: string; message: string; details: ErrorDetail[]; current?: unknown; candidates?: unknown[] };
}

const joined = (details: ErrorDetail[], separator = '; ') =>
  details.map((d) => `${d.path}: ${d.message}`).join(separator);

/**
 * The body in the request's language (Accept-Language): English as thrown, or each message and
 * detail translated; a message that only lists the details is rebuilt from the translated ones.
 */
function localise(lang: Lang, body: ErrorBody): ErrorBody {
  if (lang === 'en') {
    return body;
  }
  const details = body.error.details.map((d) => ({ ...d, message: zhCN.translate(d.message) }));
  const message =
    details.length > 0 && body.error.message === joined(body.error.details)
      ? joined(details, '；')
      : zhCN.translate(body.error.message);
  return { error: { ...body.error, message, details } };
}

function send(request: FastifyRequest, reply: FastifyReply, status: number, body: ErrorBody) {
  return reply
    .status(status)
    .type('application/json; charset=utf-8')
    .send(localise(langOf(request), body));
}

const zodEnglish = z.locales.en().localeError;
const zodChinese = z.locales.zhCN().localeError;
const localeText = (result: ReturnType<typeof zodEnglish>) =>
  typeof result === 'string' ? result : (result?.message ?? '');

/**
 * A schema issue's message in the request's language: zod's own wording (recognised by being what
 * zod's English locale says for the issue) in zod's Chinese, ours through the catalog in `send`.
 */
function issueMessage(lang: Lang, v: { keyword: string; message?: string; params: Record<string, unknown> }) {
  const plain = plainMessage(v.message);
  if (lang === 'en' || plain === 'required') {
    return plain;
  }
  const issue = { ...v.params, code: v.keyword } as never;
  if (localeText(zodEnglish(issue)) === v.message) {
    return zhOfZodIssue(v.keyword, v.params) ?? (localeText(zodChinese(issue)) || plain);
  }
  // A wrong type: the issue does not carry the value, so zod's English cannot be rebuilt; its words can.
  const wrongType = /^Invalid input: expected (\w+), received (\w+)$/.exec(plain);
  if (wrongType) {
    return `类型不正确：应为 ${typeWord(wrongType[1] ?? '')}，收到的是 ${typeWord(wrongType[2] ?? '')}`;
  }
  return plain;
}

const TYPE_WORDS: Record<string, string> = {
  number: '数字',
  int: '整数',
  string: '文本',
  boolean: '布尔值',
  array: '数组',
  object: '对象',
  null: '空值 (null)',
  undefined: '空',
  NaN: '非数字 (NaN)',
  date: '日期',
};
const typeWord = (word: string) => TYPE_WORDS[word] ?? word;

/** Text lengths said as the catalog says them (zod's Chinese calls a string's length a 数值). */
function zhOfZodIssue(code: string, params: Record<string, unknown>): string | undefined {
  if (params.origin !== 'string') {
    return undefined;
  }
  if (code === 'too_big') {
    return `不能超过 ${String(params.maximum)} 个字符`;
  }
  if (code === 'too_small') {
    return `不能少于 ${String(params.minimum)} 个字符`;
  }
  return undefined;
}

/** Where in the request a validation issue sits: body fields bare ("email"), others prefixed. */
function detailPath(context: string | undefined, instancePath: string): string {
  const inner = instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (!context || context === 'body') {
    return inner || '(body)';
  }
  const where = context === 'querystring' ? 'query' : context;
  return inner ? `${where}.${inner}` : where;
}

// PostgreSQL errors a user's input can still provoke despite validation; each has a clear status.
// (Their messages are in the zh-CN catalog too; the catalog test reads `[status, code, 'message']`.)
const pgStatus: Record<string, [number, string, string]> = {
  '22P02': [400, 'invalid', 'A value has the wrong format.'],
  '22001': [400, 'invalid', 'A value is too long.'],
  '22003': [400, 'invalid', 'A number is out of range.'],
  '22007': [400, 'invalid', 'A date is not valid.'],
  '22008': [400, 'invalid', 'A date is out of range.'],
  '22021': [400, 'invalid', 'Text contains characters that cannot be stored.'],
  '22P05': [400, 'invalid', 'Text contains characters that cannot be stored.'],
  '23505': [409, 'conflict', 'A record with the same unique value already exists.'],
  '23503': [422, 'rule_violated', 'A referenced record does not exist or is still in use.'],
  '40001': [409, 'conflict', 'A concurrent change got in the way; try again.'],
  '40P01': [409, 'conflict', 'A concurrent change got in the way; try again.'],
};

/**
 * The PostgreSQL error code of `err` or of an error it wraps (drizzle wraps the driver's error as
 * `cause`), when it is one of those above.
 */
function pgCodeOf(err: unknown): string | undefined {
  for (
    let e = err, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && pgStatus[code]) {
      return code;
    }
  }
  return undefined;
}

/** zod's wording for a missing field, said plainly. */
function plainMessage(message: string | undefined): string {
  if (!message) {
    return 'invalid';
  }
  return /received undefined$/.test(message) ? 'required' : message;
}

// Fastify's own client errors, by code: [status, code, detail path, message] (our wording, so
// that the catalog can translate it).
const fastifyClientErrors: Record<string, [number, string, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid', '(body)', 'The body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid', '(body)', 'The body is empty but its content type is JSON.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    'unsupported_media_type',
    'content-type',
    'Send the body as application/json.',
  ],
  FST_ERR_CTP_BODY_TOO_LARGE: [
    413,
    'payload_too_large',
    '(body)',
    'The body is larger than the server accepts.',
  ],
};

/**
 * Fastify's `frameworkErrors`: errors raised before routing, such as an address with characters that
 * are not percent-encoded (FST_ERR_BAD_URL), in the same shape as every other error.
 */
export function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const message = 'The address is not valid: encode its special characters (percent-encoding).';
  return send(request, reply, err.statusCode && err.statusCode < 500 ? err.statusCode : 400, {
    error: { code: 'invalid', message, details: [{ path: '(url)', message }] },
  });
}

/**
 * Fastify's `clientErrorHandler`: a request Node cannot even parse (raw non-ASCII bytes in the
 * address, a timeout, oversized headers) answered on the socket, in the API's error shape.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: import('node:stream').Duplex) {
  if (err.code === 'ECONNRESET' || socket.destroyed) {
    return;
  }
  const [status, reason, code, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', 'timeout', 'The request took too long to arrive.']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'headers_too_large', 'The request headers are too large.']
        : [
            400,
            'Bad Request',
            'invalid',
            'The request is not valid HTTP; encode special characters in the address.',
          ];
  const body = JSON.stringify({ error: { code, message, details: [] } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/** One mapping from every error to DESIGN.md §6's shape; only real faults answer 500. */
export function registerErrorHandler(
  app: FastifyInstance,
  readerOf?: (request: FastifyRequest) => Promise<PersonalDataReader>,
): void {
  app.setErrorHandler((err: FastifyError & { code?: string }, request, reply) => {
    const lang = langOf(request);
    if (hasZodFastifySchemaValidationErrors(err)) {
      // An unknown field is reported once per key, at that key's own path.
      const all = err.validation.flatMap((v) => {
        const keys = (v.params as { keys?: unknown }).keys;
        if (v.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
          const base = v.instancePath === '/' ? '' : v.instancePath;
          return keys.map((k) => ({
            path: detailPath(err.validationContext, `${base}/${String(k)}`),
            message: 'unknown or read-only field',
          }));
        }
        return [{ path: detailPath(err.validationContext, v.instancePath), message: issueMessage(lang, v) }];
      });
      // One detail per path: a value breaking two checks of the same kind (e.g. "too big" for an
      // integer and for a number) is reported once, by the first.
      const seen = new Set<string>();
      const details = all.filter((d) => !seen.has(d.path) && Boolean(seen.add(d.path)));
      return send(request, reply, 400, { error: { code: 'invalid', message: joined(details), details } });
    }
    if (err instanceof DomainError) {
      const body: ErrorBody = { error: { code: err.code, message: err.message, details: err.details } };
      if (err instanceof PreconditionFailed) {
        const { entity, row } = err.current as { entity: string; row: unknown };
        const present = presentersByEntity[entity];
        if (present && readerOf && request.auth && (entity === 'contact' || entity === 'lead')) {
          return readerOf(request)
            .catch(() => MASKED_READER)
            .then((reader) => {
              body.error.current = present(row as never, reader);
              return send(request, reply, err.status, body);
            });
        }
        body.error.current = present ? present(row as never, MASKED_READER) : undefined;
      }
      if (err instanceof Conflict && err.candidates) {
        body.error.candidates = err.candidates;
      }
      if (err instanceof TooManyRequests) {
        reply.header('retry-after', String(err.retryAfterSeconds));
      }
      return send(request, reply, err.status, body);
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
      return send(request, reply, 500, {
        error: { code: 'internal', message: 'Internal error.', details: [] },
      });
    }
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ err }, 'database unavailable');
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      const message = 'The database is not reachable right now; try again in a few seconds.';
      return send(request, reply, 503, { error: { code: 'unavailable', message, details: [] } });
    }
    const pgCode = pgCodeOf(err);
    if (pgCode) {
      const [status, code, message] = pgStatus[pgCode]!;
      request.log.warn({ err }, 'database rejected input');
      return send(request, reply, status, { error: { code, message, details: [] } });
    }
    // Fastify's own client errors: bad JSON, wrong content type, body too large, …
    const known = err.code ? fastifyClientErrors[err.code] : undefined;
    if (known) {
      const [status, code, path, message] = known;
      return send(request, reply, status, { error: { code, message, details: [{ path, message }] } });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return send(request, reply, err.statusCode, {
        error: { code: String(err.code ?? 'bad_request').toLowerCase(), message: err.message, details: [] },
      });
    }
    request.log.error({ err }, 'unhandled error');
    return send(request, reply, 500, {
      error: { code: 'internal', message: 'Internal error.', details: [] },
    });
  });

  app.setNotFoundHandler((request, reply) =>
    send(request, reply, 404, {
      error: {
        code: 'not_found',
        message: `No route ${request.method} ${request.url.split('?')[0]}.`,
        details: [],
      },
    }),
  );
}
