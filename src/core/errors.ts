/**
 * Typed domain errors. Services throw these; one server plugin maps them to the HTTP error shape
 * `{ error: { code, message, details: [{ path, message }] } }` (DESIGN.md §6).
 */
export interface ErrorDetail {
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly details: ErrorDetail[];
  constructor(message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** 400: the request is malformed (a field has the wrong type or format). */
export class Invalid extends DomainError {
  readonly status = 400;
  readonly code = 'invalid';
}

/** 401: no valid session or token. */
export class Unauthenticated extends DomainError {
  readonly status = 401;
  readonly code = 'unauthenticated';
}

/** 403: the record is visible to the actor, but the action is not allowed. */
export class Forbidden extends DomainError {
  readonly status = 403;
  readonly code = 'forbidden';
}

/** 404: the record does not exist or lies outside the actor's data scope. */
export class NotFound extends DomainError {
  readonly status = 404;
  readonly code = 'not_found';
}

/** 409: duplicate or conflicting state. `candidates` carries the records it collides with. */
export class Conflict extends DomainError {
  readonly status = 409;
  readonly code = 'conflict';
  constructor(
    message: string,
    details: ErrorDetail[] = [],
    readonly candidates?: unknown[],
  ) {
    super(message, details);
  }
}

/** 412: the `If-Match` version is stale; `current` is the record as it is now. */
export class PreconditionFailed extends DomainError {
  readonly status = 412;
  readonly code = 'version_conflict';
  constructor(
    message: string,
    readonly current: unknown,
  ) {
    super(message);
  }
}

/** 428: an update or delete came without `If-Match`. */
export class PreconditionRequired extends DomainError {
  readonly status = 428;
  readonly code = 'version_required';
}

/** 422: the request is well-formed but breaks a business rule. */
export class RuleViolated extends DomainError {
  readonly status = 422;
  readonly code = 'rule_violated';
}

/** 429: too many attempts; `retryAfterSeconds` says when to try again. */
export class TooManyRequests extends DomainError {
  readonly status = 429;
  readonly code = 'too_many_requests';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** 413: the body (an uploaded file) is larger than the route accepts. */
export class PayloadTooLarge extends DomainError {
  readonly status = 413;
  readonly code = 'payload_too_large';
}

/** 415: the body's type (an uploaded file's content) is not one the route accepts. */
export class UnsupportedMediaType extends DomainError {
  readonly status = 415;
  readonly code = 'unsupported_media_type';
}
