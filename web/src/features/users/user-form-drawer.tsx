import { Button, Drawer, Flex, Form, Input, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { isApiError } from '../../app/api.ts';
import { applyFieldErrors, clearServerErrors, useShowError } from '../../app/errors.ts';
import { useT } from '../../app/i18n/index.tsx';
import { passwordRules } from '../../app/password-rules.ts';
import { ROLES, type Role } from '../../app/types.ts';
import { UnitTreeSelect } from '../org-units/unit-tree-select.tsx';
import { type User, type UserChanges, useCreateUser, useUpdateUser } from './api.ts';
import { UserSelect } from './user-select.tsx';

interface Values {
  name: string;
  email: string;
  mobile?: string;
  role: Role;
  unitId: string;
  managerId?: string | null;
  password?: string;
  active?: boolean;
}

const FIELDS = ['name', 'email', 'mobile', 'role', 'unitId', 'managerId', 'password', 'active'] as const;

interface Props {
  open: boolean;
  /** The user to edit; absent to create one. */
  user?: User;
  onClose(): void;
  onSaved(user: User, created: boolean): void;
}

/** Only the fields that differ from the stored user: a PATCH carries changes, nothing else. */
function changesOf(user: User, values: Values): UserChanges {
  const next: UserChanges = {
    name: values.name.trim(),
    email: values.email.trim(),
    mobile: values.mobile?.trim() || null,
    role: values.role,
    unitId: values.unitId,
    managerId: values.managerId ?? null,
    active: values.active ?? user.active,
  };
  return Object.fromEntries(
    Object.entries(next).filter(([key, value]) => user[key as keyof UserChanges] !== value),
  ) as UserChanges;
}

export function UserFormDrawer({ open, user, onClose, onSaved }: Props) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const unitId = Form.useWatch('unitId', form);
  const managerId = Form.useWatch('managerId', form);
  // Moving someone: their records move with them (server); their manager is the editor's call.
  const moving = !!user && !!unitId && unitId !== user.unitId && managerId === user.managerId;
  const create = useCreateUser();
  const update = useUpdateUser();
  const showError = useShowError();
  const saving = create.isPending || update.isPending;

  useEffect(() => {
    if (!open) {
      return;
    }
    form.resetFields();
    if (user) {
      form.setFieldsValue({
        name: user.name,
        email: user.email,
        mobile: user.mobile ?? '',
        role: user.role,
        unitId: user.unitId,
        managerId: user.managerId,
        active: user.active,
      });
    } else {
      form.setFieldsValue({ role: 'rep' });
    }
  }, [open, user, form]);

  const onError = (error: unknown) => {
    if (!applyFieldErrors(form, error, FIELDS)) {
      showError(error);
    }
    if (isApiError(error) && error.status === 412) {
      onClose();
    }
  };

  const onFinish = (values: Values) => {
    if (user) {
      const changes = changesOf(user, values);
      if (Object.keys(changes).length === 0) {
        onClose();
        return;
      }
      update.mutate({ user, changes }, { onSuccess: (saved) => onSaved(saved, false), onError });
    } else {
      create.mutate(
        {
          name: values.name.trim(),
          email: values.email.trim(),
          mobile: values.mobile?.trim() || undefined,
          role: values.role,
          unitId: values.unitId,
          managerId: values.managerId ?? undefined,
          password: values.password ?? '',
        },
        { onSuccess: (saved) => onSaved(saved, true), onError },
      );
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={user ? t('users.editTitle', { name: user.name }) : t('users.createTitle')}
      size={480}
      destroyOnHidden
      data-testid="user-drawer"
    >
      <Form<Values>
        form={form}
        onValuesChange={(changed) => clearServerErrors(form, changed)}
        layout="vertical"
        onFinish={onFinish}
        data-testid="user-form"
      >
        <Form.Item
          name="name"
          label={t('users.name')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input autoFocus maxLength={100} data-testid="user-name" />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('users.email')}
          rules={[
            { required: true, message: t('validation.required') },
            { type: 'email', message: t('validation.email') },
          ]}
        >
          <Input autoComplete="off" data-testid="user-email" />
        </Form.Item>
        <Form.Item name="mobile" label={t('users.mobile')}>
          <Input autoComplete="off" maxLength={30} data-testid="user-mobile" />
        </Form.Item>
        <Form.Item
          name="role"
          label={t('users.role')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Select
            data-testid="user-role"
            options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="unitId"
          label={t('users.unit')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <UnitTreeSelect data-testid="user-unit" />
        </Form.Item>
        <Form.Item
          name="managerId"
          label={t('users.manager')}
          extra={moving ? t('users.movingManagerHint') : undefined}
        >
          <UserSelect excludeId={user?.id} data-testid="user-manager" />
        </Form.Item>
        {user ? (
          <Form.Item name="active" label={t('users.status')} valuePropName="checked">
            <Switch
              checkedChildren={t('common.active')}
              unCheckedChildren={t('common.inactive')}
              data-testid="user-active"
            />
          </Form.Item>
        ) : (
          <Form.Item
            name="password"
            label={t('users.password')}
            dependencies={['email']}
            rules={passwordRules(t, () => form.getFieldValue('email'))}
          >
            <Input.Password autoComplete="new-password" data-testid="user-password" />
          </Form.Item>
        )}
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="user-submit">
            {user ? t('common.save') : t('common.create')}
          </Button>
        </Flex>
      </Form>
    </Drawer>
  );
}
