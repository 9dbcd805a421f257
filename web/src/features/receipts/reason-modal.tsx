import { Form, Input, Modal, Typography } from 'antd';
import { useI18n } from '../../app/i18n/index.tsx';

/** Asks for the reason of an undo or a reversal (required; kept in the record and the audit log). */
export function ReasonModal({
  open,
  title,
  explain,
  saving,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  title: string;
  explain?: string;
  saving: boolean;
  onCancel(): void;
  onConfirm(reason: string): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={open}
      title={title}
      okButtonProps={{ danger: true, loading: saving, 'data-testid': 'reason-ok' } as never}
      onCancel={onCancel}
      onOk={() => form.validateFields().then((v) => onConfirm(v.reason.trim()))}
      destroyOnHidden
    >
      {explain && <Typography.Paragraph type="secondary">{explain}</Typography.Paragraph>}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t('receipt.reason')}
          rules={[{ required: true, whitespace: true, message: t('receipt.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} autoFocus data-testid="reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
