import { App, Form, Input } from 'antd';
import { api } from '../../app/api.ts';
import { blankToNull, FormModal, useFormErrors } from '../../app/components/form-drawer.tsx';
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
    <FormModal<{ reason?: string; winningCompetitor?: string }>
      open={outcome !== null}
      title={outcome === 'won' ? t('deal.wonTitle') : t('deal.lostTitle')}
      form={form}
      onClose={onClose}
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
      saving={close.isPending}
      okText={t('common.confirm')}
      danger={outcome === 'lost'}
      testId="close-deal"
    >
      <Form.Item name="reason" label={t('deal.closeReason')}>
        <Input.TextArea autoFocus rows={3} maxLength={1000} />
      </Form.Item>
      {outcome === 'lost' && (
        <Form.Item name="winningCompetitor" label={t('deal.winningCompetitor')}>
          <Input maxLength={200} />
        </Form.Item>
      )}
    </FormModal>
  );
}
