import { App, Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { applyFieldErrors, clearServerErrors, useShowError } from '../../app/errors.ts';
import { useT } from '../../app/i18n/index.tsx';
import { UNIT_KINDS, type Unit, type UnitKind } from './api.ts';
import { useUnitMutations } from './mutations.ts';

export type UnitFormTarget = { mode: 'create'; parent: Unit | null } | { mode: 'edit'; unit: Unit };

interface Values {
  name: string;
  kind: UnitKind;
}

// The usual kind one level below a parent of this kind.
const CHILD_KIND: Record<UnitKind, UnitKind> = {
  company: 'region',
  region: 'team',
  team: 'team',
  city: 'team',
  other: 'other',
};

export function UnitFormModal({ target, onClose }: { target: UnitFormTarget | null; onClose(): void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const { create, update } = useUnitMutations();
  const showError = useShowError();
  const { message } = App.useApp();

  useEffect(() => {
    if (!target) {
      return;
    }
    form.resetFields();
    form.setFieldsValue(
      target.mode === 'edit'
        ? { name: target.unit.name, kind: target.unit.kind }
        : { kind: target.parent ? CHILD_KIND[target.parent.kind] : 'company' },
    );
  }, [target, form]);

  const onError = (error: unknown) => {
    if (!applyFieldErrors(form, error, ['name', 'kind'])) {
      showError(error);
      onClose();
    }
  };

  const onFinish = (values: Values) => {
    if (!target) {
      return;
    }
    const name = values.name.trim();
    if (target.mode === 'create') {
      create.mutate(
        { name, kind: values.kind, parentId: target.parent?.id ?? null },
        { onSuccess: onClose, onError },
      );
      return;
    }
    const changes: Partial<Values> = {};
    if (name !== target.unit.name) {
      changes.name = name;
    }
    if (values.kind !== target.unit.kind) {
      changes.kind = values.kind;
    }
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    update.mutate(
      { unit: target.unit, changes },
      {
        onSuccess: () => {
          void message.success(t('units.saved'));
          onClose();
        },
        onError,
      },
    );
  };

  const title = !target
    ? ''
    : target.mode === 'edit'
      ? t('units.renameTitle', { name: target.unit.name })
      : target.parent
        ? t('units.newTitle', { parent: target.parent.name })
        : t('units.newRootTitle');

  return (
    <Modal
      open={!!target}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: create.isPending || update.isPending, 'data-testid': 'unit-submit' }}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        onValuesChange={(changed) => clearServerErrors(form, changed)}
        layout="vertical"
        onFinish={onFinish}
      >
        <Form.Item
          name="name"
          label={t('units.name')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input autoFocus maxLength={100} data-testid="unit-name" />
        </Form.Item>
        <Form.Item
          name="kind"
          label={t('units.kind')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Select options={UNIT_KINDS.map((kind) => ({ value: kind, label: t(`units.kind.${kind}`) }))} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
