import { App, Form, Input, Modal } from 'antd';
import { api } from '../../app/api.ts';
import { blankToNull, useFormErrors } from '../../app/components/form-drawer.tsx';
import { clearServerErrors } from '../../app/errors.ts';
import { useT } from '../../app/i18n/index.tsx';
import { ALL_SALES, useWrite } from '../../app/records.ts';
import type { Deal } from './types.ts';

/** Won or lost, with the reason and (when lost) the competitor that won. */
export function CloseDealModal({
  deal,
  outcome,
  onClose,
}: {
  deal: Deal;
  outcome: 'won' | 'lost' | null;
  onClose(): void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string; winningCompetitor?: string }>();
  const onError = useFormErrors(form);
  const close = useWrite(
    (body: object) => api<Deal>(`/deals/${deal.id}/close`, { method: 'POST', body, version: deal.version }),
    ALL_SALES,
  );
  return (
    <Modal
      open={outcome !== null}
      title={outcome === 'won' ? t('deal.wonTitle') : t('deal.lostTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: close.isPending, danger: outcome === 'lost' }}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Form
        form={form}
        onValuesChange={(changed) => clearServerErrors(form, changed)}
        layout="vertical"
        onFinish={(values) =>
          close.mutate(
            {
              outcome,
              reason: blankToNull(values.reason),
              ...(outcome === 'lost' ? { winningCompetitor: blankToNull(values.winningCompetitor) } : {}),
            },
            {
              onSuccess: () => {
                void message.success(t('deal.closed'));
                onClose();
              },
              onError,
            },
          )
        }
      >
        <Form.Item name="reason" label={t('deal.closeReason')}>
          <Input.TextArea autoFocus rows={3} maxLength={1000} />
        </Form.Item>
        {outcome === 'lost' && (
          <Form.Item name="winningCompetitor" label={t('deal.winningCompetitor')}>
            <Input maxLength={200} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
