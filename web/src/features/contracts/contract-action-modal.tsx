import { Form, Input } from 'antd';
import { useEffect } from 'react';
import { api } from '../../app/api.ts';
import { FormModal, useFormErrors } from '../../app/components/form-drawer.tsx';
import { useI18n } from '../../app/i18n/index.tsx';
import { useWrite } from '../../app/records.ts';
import type { ContractDetail } from './types.ts';

/** The workflow steps that take a comment or a reason in a dialog. */
export type DialogStep = 'approve' | 'reject' | 'terminate' | 'approve-credit';

const TITLES = {
  approve: 'contract.approveTitle',
  reject: 'contract.rejectTitle',
  terminate: 'contract.terminateTitle',
  'approve-credit': 'contract.approveCreditTitle',
} as const;

/** Approve (comment optional), reject (comment required), terminate (reason required), approve credit. */
export function ContractActionModal({
  contract,
  step,
  onClose,
}: {
  contract: ContractDetail;
  step: DialogStep | null;
  onClose(): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ text?: string }>();
  const onError = useFormErrors(form, { onStale: onClose });
  const field = step === 'terminate' ? 'reason' : 'comment';
  const required = step === 'reject' || step === 'terminate';
  const run = useWrite(
    (text: string | undefined) =>
      api<ContractDetail>(`/contracts/${contract.id}/${step}`, {
        method: 'POST',
        body: text ? { [field]: text } : {},
        version: contract.version,
      }),
    ['contracts', 'deals', 'notifications'],
  );
  useEffect(() => {
    if (step) {
      form.resetFields();
    }
  }, [step, form]);
  return (
    <FormModal<{ text?: string }>
      open={step !== null}
      title={step ? t(TITLES[step]) : ''}
      form={form}
      onClose={onClose}
      saving={run.isPending}
      testId="contract-step"
      okText={step ? t(step === 'approve-credit' ? 'contract.approveCredit' : `contract.${step}`) : undefined}
      danger={step === 'reject' || step === 'terminate'}
      onFinish={(v) =>
        run.mutate(v.text?.trim() || undefined, {
          onSuccess: onClose,
          onError: (error) => {
            // The server names `comment` or `reason`; both belong to the one text field here.
            onError(error);
          },
        })
      }
    >
      <Form.Item
        name="text"
        label={step === 'terminate' ? t('contract.terminationReason') : t('contract.comment')}
        rules={required ? [{ required: true, whitespace: true, message: t('validation.required') }] : []}
      >
        <Input.TextArea autoFocus rows={3} maxLength={1000} data-testid="contract-step-text" />
      </Form.Item>
    </FormModal>
  );
}
