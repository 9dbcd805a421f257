import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { isApiError } from './api.ts';
import { type TFunction, useT } from './i18n/index.tsx';

/** The sentence to show for a failed request, in the user's language where the status says enough. */
export function describeError(error: unknown, t: TFunction): string {
  if (!isApiError(error)) {
    return error instanceof Error ? error.message : String(error);
  }
  switch (error.status) {
    case 0:
      return t('error.network');
    case 403:
      return t('error.forbidden');
    case 404:
      return t('error.notFound');
    case 412:
      return t('error.versionConflict');
    case 429:
      return t('error.tooMany', { minutes: Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60)) });
    default:
      return error.message;
  }
}

/**
 * Shows a failed write as a toast. 401 and 412 are skipped: the API client already sent the user to
 * the login page or announced the reload.
 */
export function useShowError() {
  const { message } = App.useApp();
  const t = useT();
  return useCallback(
    (error: unknown) => {
      if (isApiError(error) && (error.status === 401 || error.status === 412)) {
        return;
      }
      void message.error(describeError(error, t));
    },
    [message, t],
  );
}

/**
 * Puts the server's field errors (`details[].path`, e.g. "email") next to the form fields they name.
 * Returns false when none matched a field, so the caller shows the error another way.
 */
export function applyFieldErrors(form: FormInstance, error: unknown, fields: readonly string[]): boolean {
  if (!isApiError(error) || error.details.length === 0) {
    return false;
  }
  const known = error.details.filter((detail) => fields.includes(fieldOf(detail.path)));
  if (known.length === 0) {
    return false;
  }
  form.setFields(known.map((detail) => ({ name: fieldOf(detail.path), errors: [detail.message] })));
  return true;
}

// "email", "body.email" and "/email" all name the form field `email`.
function fieldOf(path: string): string {
  const parts = path.split(/[./]/).filter((part) => part !== '' && part !== 'body');
  return parts[0] ?? '';
}
