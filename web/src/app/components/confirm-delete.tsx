import { DeleteOutlined } from '@ant-design/icons';
import { Button, Popconfirm } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../i18n/index.tsx';

/** A small danger icon button that asks before it deletes or unlinks (keyboard: Tab, Enter, Enter). */
export function ConfirmDeleteButton({
  confirm,
  onConfirm,
  label,
  testId,
}: {
  /** The question asked, saying what happens. */
  confirm: ReactNode;
  onConfirm(): void;
  /** The button's accessible name; "Delete" when absent. */
  label?: string;
  testId?: string;
}) {
  const t = useT();
  return (
    <Popconfirm title={confirm} onConfirm={onConfirm}>
      <Button
        size="small"
        type="text"
        danger
        icon={<DeleteOutlined />}
        aria-label={label ?? t('common.delete')}
        data-testid={testId}
      />
    </Popconfirm>
  );
}
