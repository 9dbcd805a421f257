import { PlusOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useCanWriteSales } from '../session.tsx';

/** A list's or page's "New …" button, for those who may write sales records (not finance). */
export function CreateButton({
  label,
  onClick,
  testId,
}: {
  label: string;
  onClick(): void;
  testId?: string;
}) {
  return useCanWriteSales() ? (
    <Button type="primary" icon={<PlusOutlined />} onClick={onClick} data-testid={testId}>
      {label}
    </Button>
  ) : null;
}
