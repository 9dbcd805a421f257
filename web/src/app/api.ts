/**
 * The one way the web talks to the server: JSON over `/api/v1`, session cookie, CSRF header on writes,
 * `If-Match` on updates and deletes, and the server's error shape turned into an `ApiError`.
 */

export const API_BASE = '/api/v1';

export interface ErrorDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  /** 412 answers carry the record as it is now. */
  readonly current: unknown;
  /** Seconds from the `retry-after` header of a 429 answer. */
  readonly retryAfterSeconds: number | null;
  /** 409 duplicate answers list the records the new one collides with. */
  readonly candidates: unknown[];

  constructor(options: {
    status: number;
    code: string;
    message: string;
    details?: ErrorDetail[];
    current?: unknown;
    retryAfterSeconds?: number | null;
    candidates?: unknown[];
  }) {
    super(options.message);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.details = options.details ?? [];
    this.current = options.current;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
    this.candidates = options.candidates ?? [];
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  query?: Query;
  /** The record's version; sent as `If-Match` on writes (PATCH, DELETE, and POST actions such as a move). */
  version?: number;
  /** Further request headers, e.g. `Idempotency-Key` on money POSTs. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

interface Handlers {
  /** A request was refused for lack of a session (not the login or session probe itself). */
  onUnauthenticated(): void;
  /** Someone else changed the record; the UI says so and reloads. */
  onVersionConflict(error: ApiError): void;
}

let csrfToken: string | null = null;
let handlers: Handlers = { onUnauthenticated: () => {}, onVersionConflict: () => {} };

/** The session and login answers hand out the CSRF token; every write sends it back. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function configureApi(next: Handlers): void {
  handlers = next;
}

// A 401 from these is an answer ("no session" / "wrong password"), not an expired session.
const AUTH_PATHS = new Set(['/auth/login', '/auth/session']);

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') {
      params.set(key, String(value));
    }
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

// The language the user chose: the server words its error messages in it (Accept-Language).
let language = 'en';

export function setApiLanguage(locale: string): void {
  language = locale;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': language };
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  if (method !== 'GET' && csrfToken) {
    headers['x-csrf-token'] = csrfToken;
  }
  if (method !== 'GET' && options.version !== undefined) {
    headers['if-match'] = String(options.version);
  }
  Object.assign(headers, options.headers);

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') {
      throw cause;
    }
    throw new ApiError({ status: 0, code: 'network', message: String(cause) });
  }

  if (response.ok) {
    if (response.status === 204) {
      return undefined as T;
    }
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const error = await readError(response);
  if (error.status === 401 && !AUTH_PATHS.has(path)) {
    handlers.onUnauthenticated();
  } else if (error.status === 412) {
    handlers.onVersionConflict(error);
  }
  throw error;
}

async function readError(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get('retry-after'));
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null;
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy page, an empty body): fall back to the status line.
  }
  const shaped = body as {
    error?: { code?: unknown; message?: unknown; details?: unknown; current?: unknown; candidates?: unknown };
    current?: unknown;
  } | null;
  const payload = shaped?.error;
  const details = Array.isArray(payload?.details)
    ? payload.details.filter(
        (d): d is ErrorDetail =>
          typeof d === 'object' && d !== null && typeof d.path === 'string' && typeof d.message === 'string',
      )
    : [];
  return new ApiError({
    status: response.status,
    code: typeof payload?.code === 'string' ? payload.code : `http_${response.status}`,
    message:
      typeof payload?.message === 'string' ? payload.message : `${response.status} ${response.statusText}`,
    details,
    current: payload?.current ?? shaped?.current,
    retryAfterSeconds,
    candidates: Array.isArray(payload?.candidates) ? payload.candidates : [],
  });
}

/** Cursor-paged list answer shared by every list endpoint. */
export interface Page<T> {
  items: T[];
  total: number;
  totalCapped: boolean;
  nextCursor: string | null;
}

/**
 * Downloads a file answer (an export) with the session cookie and saves it under the server's file
 * name. Errors come back as the usual `ApiError`.
 */
export async function download(path: string, query?: Query, fallbackName = 'export'): Promise<void> {
  const headers: Record<string, string> = { 'accept-language': language };
  if (csrfToken) {
    headers['x-csrf-token'] = csrfToken;
  }
  const response = await fetch(buildUrl(path, query), { credentials: 'same-origin', headers });
  if (!response.ok) {
    const error = await readError(response);
    if (error.status === 401) {
      handlers.onUnauthenticated();
    }
    throw error;
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star?.[1] ? decodeURIComponent(star[1]) : (plain?.[1] ?? fallbackName);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Uploads a file as the raw request body (how the attachments API takes files, up to 20 MB), with
 * progress: `fetch` cannot report upload progress, XMLHttpRequest can. Same headers and error shape
 * as `api`.
 */
export function uploadFile<T>(
  path: string,
  file: Blob,
  options: { query?: Query; onProgress?: (percent: number) => void; signal?: AbortSignal } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', buildUrl(path, options.query));
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('accept-language', language);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    if (csrfToken) {
      xhr.setRequestHeader('x-csrf-token', csrfToken);
    }
    xhr.withCredentials = true;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) {
        options.onProgress?.(Math.round((event.loaded / event.total) * 100));
      }
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'network', message: 'network error' }));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
        return;
      }
      const response = new Response(xhr.responseText || null, {
        status: xhr.status,
        statusText: xhr.statusText,
        headers: { 'retry-after': xhr.getResponseHeader('retry-after') ?? '' },
      });
      void readError(response).then((error) => {
        if (error.status === 401) {
          handlers.onUnauthenticated();
        }
        reject(error);
      });
    };
    options.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
