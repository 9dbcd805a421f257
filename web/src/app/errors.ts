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

// Fields showing an error the server sent, per form. antd clears a field's error on change only by
// re-running its rules, so a field without rules would keep the server's error after it was fixed.
const serverErrors = new WeakMap<FormInstance, Map<string, (string | number)[]>>();

/** Shows the server's messages under these fields, and remembers them for `clearServerErrors`. */
export function setServerErrors(
  form: FormInstance,
  fields: { name: (string | number)[]; message: string }[],
): void {
  const shown = serverErrors.get(form) ?? new Map<string, (string | number)[]>();
  serverErrors.set(form, shown);
  for (const field of fields) {
    shown.set(JSON.stringify(field.name), field.name);
  }
  form.setFields(fields.map((field) => ({ name: field.name, errors: [field.message] })));
}

/**
 * A form's `onValuesChange`: a field the user changed no longer shows the server's error about its
 * old value (the next save asks the server again).
 */
export function clearServerErrors(form: FormInstance, changed: object): void {
  const shown = serverErrors.get(form);
  if (!shown || shown.size === 0) {
    return;
  }
  const touched = new Set(Object.keys(changed));
  const cleared = [...shown].filter(([, name]) => touched.has(String(name[0])));
  if (cleared.length > 0) {
    form.setFields(cleared.map(([, name]) => ({ name, errors: [] })));
    for (const [key] of cleared) {
      shown.delete(key);
    }
  }
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
  setServerErrors(
    form,
    known.map((detail) => ({ name: [fieldOf(detail.path)], message: detail.message })),
  );
  return true;
}

// "email", "body.email" and "/email" all name the form field `email`.
function fieldOf(path: string): string {
  const parts = path.split(/[./]/).filter((part) => part !== '' && part !== 'body');
  return parts[0] ?? '';
}
