import { useQuery } from '@tanstack/react-query';
import { Alert, Flex, InputNumber, Modal, Table, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../app/api.ts';
import type { Schemas } from '../../app/api-types.ts';
import { RemoteSelect } from '../../app/components/remote-select.tsx';
import { useShowError } from '../../app/errors.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney } from '../../app/money.ts';
import type { BankLine, LineCandidate, LineDecision } from './types.ts';

type Customer = Schemas['Customer'];

/**
 * Fix one line: choose the customer and, optionally, how much goes to which of its open installments
 * (amounts in yuan; none entered → oldest due first on the server). The server checks every amount.
 */
export function FixLineModal({
  importId,
  line,
  onClose,
  onSaved,
}: {
  importId: string;
  line: BankLine;
  onClose(): void;
  onSaved(): void;
}) {
  const { t, locale } = useI18n();
  const showError = useShowError();
  const [customerId, setCustomerId] = useState<string | undefined>(line.customer?.id);
  const [amounts, setAmounts] = useState<Record<string, number | null>>({});
  const [saving, setSaving] = useState(false);
  const candidates = useQuery({
    queryKey: ['bank-imports', 'candidates', importId, line.id, customerId],
    queryFn: ({ signal }) =>
      api<{ items: LineCandidate[] }>(`/bank-imports/${importId}/candidates`, {
        query: { lineId: line.id, customerId },
        signal,
      }),
    enabled: !!customerId,
  });
  const money = (minor: number) => formatMoney(minor, locale);

  const save = async () => {
    if (!customerId) {
      return;
    }
    const allocations = Object.entries(amounts)
      .filter(([, v]) => v !== null && v > 0)
      .map(([installmentId, v]) => ({ installmentId, amount: Math.round((v as number) * 100) }));
    const body: LineDecision = {
      action: 'fix',
      customerId,
      ...(allocations.length > 0 ? { allocations } : {}),
    };
    setSaving(true);
    try {
      await api(`/bank-imports/${importId}/lines/${line.id}/decision`, {
        method: 'POST',
        body,
        version: line.version,
      });
      onSaved();
    } catch (error) {
      showError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={720}
      title={t('bank.fixTitle', { row: line.row })}
      onCancel={onClose}
      onOk={() => void save()}
      okButtonProps={{ disabled: !customerId, loading: saving, 'data-testid': 'bank-fix-save' } as never}
    >
      <Flex vertical gap={12}>
        <Typography.Text>
          {line.receivedOn} · {money(line.amount)} · {line.payerName ?? '—'}
        </Typography.Text>
        <RemoteSelect<Customer>
          path="/customers"
          labelOf={(c) => c.name}
          value={customerId}
          initialLabel={line.customer?.name}
          onChange={(v) => {
            setCustomerId(v);
            setAmounts({});
          }}
          placeholder={t('bank.selectCustomer')}
          style={{ width: '100%' }}
          data-testid="bank-fix-customer"
        />
        {customerId && (
          <>
            <Typography.Text strong>{t('bank.installments')}</Typography.Text>
            <Typography.Text type="secondary">{t('bank.installmentsHint')}</Typography.Text>
            {candidates.data && candidates.data.items.length === 0 ? (
              <Alert type="info" showIcon title={t('bank.noInstallments')} />
            ) : (
              <Table<LineCandidate>
                rowKey="installmentId"
                size="small"
                pagination={false}
                loading={candidates.isFetching}
                dataSource={candidates.data?.items ?? []}
                columns={[
                  {
                    key: 'installment',
                    title: t('bank.installment'),
                    render: (_, c) => `${c.contractNumber} #${c.seq}`,
                  },
                  { key: 'due', title: t('bank.dueDate'), render: (_, c) => c.dueDate ?? '—' },
                  { key: 'available', title: t('bank.available'), render: (_, c) => money(c.available) },
                  {
                    key: 'allocate',
                    title: t('bank.allocate'),
                    render: (_, c) => (
                      <InputNumber<number>
                        min={0}
                        max={c.available / 100}
                        precision={2}
                        value={amounts[c.installmentId] ?? null}
                        onChange={(v) => setAmounts({ ...amounts, [c.installmentId]: v })}
                      />
                    ),
                  },
                ]}
              />
            )}
          </>
        )}
      </Flex>
    </Modal>
  );
}
