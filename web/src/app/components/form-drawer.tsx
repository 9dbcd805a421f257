import { Button, Drawer, Flex, Form, type FormInstance, Modal } from 'antd';
import type { ReactNode } from 'react';
import { isApiError } from '../api.ts';
import { clearServerErrors, setServerErrors, useShowError } from '../errors.ts';
import { useT } from '../i18n/index.tsx';

/**
 * Puts the server's `details[].path` next to the fields they name, nested paths included
 * ("lineItems.0.quantity" → ['lineItems', 0, 'quantity']). Returns false when none matched.
 */
export function applyServerErrors(form: FormInstance, error: unknown): boolean {
  if (!isApiError(error) || error.details.length === 0) {
    return false;
  }
  const registered = new Set(
    form
      .getFieldsError()
      .map((field) => JSON.stringify(field.name))
      .filter(Boolean),
  );
  const matched = error.details
    .map((detail) => ({ name: pathToName(detail.path), message: detail.message }))
    .filter((field) => registered.has(JSON.stringify(field.name)));
  if (matched.length === 0) {
    return false;
  }
  setServerErrors(form, matched);
  return true;
}

function pathToName(path: string): (string | number)[] {
  return path
    .split(/[./]/)
    .filter((part) => part !== '' && part !== 'body')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * The error handler of a form's save: field errors under their fields, anything else as a toast.
 * `onStale` runs when the record changed meanwhile (412): the lists reload it, so the form of the old
 * version closes.
 */
export function useFormErrors(form: FormInstance, { onStale }: { onStale?: () => void } = {}) {
  const showError = useShowError();
  return (error: unknown) => {
    if (!applyServerErrors(form, error)) {
      showError(error);
    }
    if (onStale && isApiError(error) && error.status === 412) {
      onStale();
    }
  };
}

interface Props<V> {
  open: boolean;
  title: ReactNode;
  form: FormInstance<V>;
  onClose(): void;
  onFinish(values: V): void;
  saving: boolean;
  submitLabel?: string;
  testId: string;
  width?: number;
  /** Shown at the left of the buttons (e.g. a delete action of an edited record). */
  footerExtra?: ReactNode;
  children: ReactNode;
}

/** A create/edit form in a side drawer; Enter in a field submits, the first field takes focus. */
export function FormDrawer<V>({
  open,
  title,
  form,
  onClose,
  onFinish,
  saving,
  submitLabel,
  testId,
  width,
  footerExtra,
  children,
}: Props<V>) {
  const t = useT();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      size={width ?? 520}
      destroyOnHidden
      data-testid={testId}
    >
      <Form<V>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        onValuesChange={(changed) => clearServerErrors(form, changed as object)}
        data-testid={`${testId}-form`}
      >
        {children}
        <Flex justify="end" gap={8}>
          {footerExtra && <div style={{ marginInlineEnd: 'auto' }}>{footerExtra}</div>}
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={saving} data-testid={`${testId}-submit`}>
            {submitLabel ?? t('common.save')}
          </Button>
        </Flex>
      </Form>
    </Drawer>
  );
}

/** Fields that differ from the stored record: a PATCH carries changes only. */
export function changedFields<T extends object>(record: T, next: Partial<T>): Partial<T> {
  return Object.fromEntries(
    Object.entries(next).filter(
      ([key, value]) => JSON.stringify(record[key as keyof T] ?? null) !== JSON.stringify(value ?? null),
    ),
  ) as Partial<T>;
}

/** Empty strings from inputs become null, so "no value" has one representation. */
export function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/**
 * A small form in a dialog (a line item, a link, a reason): the dialog's OK submits it, and so does
 * Enter in any field; server field errors clear as their fields change.
 */
export function FormModal<V>({
  open,
  title,
  form,
  onClose,
  onFinish,
  saving,
  testId,
  okText,
  danger,
  children,
}: {
  open: boolean;
  title: ReactNode;
  form: FormInstance<V>;
  onClose(): void;
  onFinish(values: V): void;
  saving: boolean;
  /** `<testId>-form` on the form, `<testId>-save` on the OK button. */
  testId: string;
  okText?: string;
  danger?: boolean;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving, danger, ...{ 'data-testid': `${testId}-save` } }}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Form<V>
        form={form}
        layout="vertical"
        onValuesChange={(changed) => clearServerErrors(form, changed as object)}
        onFinish={onFinish}
        data-testid={`${testId}-form`}
      >
        {children}
        {/* Enter in any field submits (a form with several fields needs a submit button for that). */}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}
