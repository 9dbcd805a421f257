import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Flex,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { type ErrorDetail, isApiError } from '../../app/api.ts';
import { QueryError } from '../../app/components/query-error.tsx';
import { useShowError } from '../../app/errors.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney, toMinor } from '../../app/money.ts';
import { previewPlan, useCanWriteMoney, usePlan, useSavePlan } from './api.ts';
import {
  CONDITIONS,
  DATE_FROM_ORDER,
  type Installment,
  type InstallmentCondition,
  type PaymentPlan,
  PLAN_TEMPLATES,
} from './types.ts';

/** A row of the plan editor: amounts in yuan as typed; `id` for installments that exist. */
interface Row {
  key: string;
  id: string | null;
  condition: InstallmentCondition;
  dueDate: string | null;
  amount: number | null;
  label: string;
  collected: number;
}

const rowsOf = (plan: PaymentPlan): Row[] =>
  plan.installments
    .filter((i) => i.status !== 'cancelled')
    .map((i) => ({
      key: i.id,
      id: i.id,
      condition: i.condition as InstallmentCondition,
      dueDate: i.dueDate,
      amount: i.amount / 100,
      label: i.label ?? '',
      collected: i.collected,
    }));

const statusColor: Record<string, string> = { open: 'blue', paid: 'green', cancelled: 'default' };

/** A contract's payment plan (回款计划): the installments, and for finance the editor with templates. */
export default function ContractPlanPanel({ contractId }: { contractId: string }) {
  const { t, locale, formatDate } = useI18n();
  const plan = usePlan(contractId);
  const canWrite = useCanWriteMoney();
  const [editing, setEditing] = useState<Row[] | null>(null);
  if (plan.error) {
    return <QueryError error={plan.error} onRetry={() => void plan.refetch()} />;
  }
  if (!plan.data) {
    return <Table loading dataSource={[]} />;
  }
  const p = plan.data;
  const money = (v: number) => formatMoney(v, locale, p.contract.currency);
  if (editing) {
    return <PlanEditor plan={p} initial={editing} onDone={() => setEditing(null)} />;
  }
  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }} wrap gap={8}>
        <Space wrap>
          <span>
            {t('plan.total')}: {money(p.planTotal)}
          </span>
          <span>
            {t('plan.contractAmount')}: {money(p.contract.amount)}
          </span>
          <span>
            {t('plan.collected')}: {money(p.collected)}
          </span>
          <span>
            {t('plan.outstanding')}: {money(p.outstanding)}
          </span>
          <DifferenceTag difference={p.difference} money={money} />
        </Space>
        {canWrite && !['completed', 'terminated'].includes(p.contract.status) && (
          <Button onClick={() => setEditing(rowsOf(p))} data-testid="edit-plan">
            {t('plan.edit')}
          </Button>
        )}
      </Flex>
      <Table<Installment>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={p.installments}
        locale={{ emptyText: t('plan.empty') }}
        data-testid="plan-table"
        columns={[
          { key: 'seq', title: t('plan.seq'), render: (_, i) => i.seq },
          {
            key: 'condition',
            title: t('plan.condition'),
            render: (_, i) => t(`plan.condition.${i.condition}` as 'plan.condition.on_date'),
          },
          { key: 'label', title: t('plan.label'), render: (_, i) => i.label ?? '' },
          {
            key: 'due',
            title: t('plan.dueDate'),
            render: (_, i) => (i.dueDate ? formatDate(i.dueDate) : t('plan.dueFromOrder')),
          },
          { key: 'amount', title: t('plan.amount'), align: 'right', render: (_, i) => money(i.amount) },
          {
            key: 'collected',
            title: t('plan.collected'),
            align: 'right',
            render: (_, i) => money(i.collected),
          },
          {
            key: 'outstanding',
            title: t('plan.outstanding'),
            align: 'right',
            render: (_, i) => money(i.outstanding),
          },
          {
            key: 'status',
            title: t('plan.status'),
            render: (_, i) => (
              <Space size={4}>
                <Tag color={statusColor[i.status]}>{t(`plan.status.${i.status}` as 'plan.status.open')}</Tag>
                {i.badDebtRiskAt && <Tag color="red">{t('plan.badDebtRisk')}</Tag>}
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}

function DifferenceTag({ difference, money }: { difference: number; money(v: number): string }) {
  const { t } = useI18n();
  if (difference === 0) {
    return <Tag color="green">{t('plan.matches')}</Tag>;
  }
  return (
    <Tag color="red" data-testid="plan-difference">
      {difference < 0
        ? t('plan.short', { amount: money(-difference) })
        : t('plan.over', { amount: money(difference) })}
    </Tag>
  );
}

let nextKey = 0;

/** The plan editor: template picker (exact amounts from the server), rows, live total vs contract, save with If-Match. */
function PlanEditor({ plan, initial, onDone }: { plan: PaymentPlan; initial: Row[]; onDone(): void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const save = useSavePlan(plan.contract.id);
  const [rows, setRows] = useState<Row[]>(initial);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<ErrorDetail[]>([]);
  const money = (v: number) => formatMoney(v, locale, plan.contract.currency);
  const total = rows.reduce((s, r) => s + (toMinor(r.amount) ?? 0), 0);
  const difference = total - plan.contract.amount;
  const rowError = (i: number) =>
    errors
      .filter((e) => e.path.startsWith(`installments.${i}.`))
      .map((e) => e.message)
      .join('; ');
  const planErrors = errors.filter((e) => !/^installments\.\d+\./.test(e.path));
  const update = (i: number, patch: Partial<Row>) => {
    setErrors([]);
    setRows((rs) => rs.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  };

  const applyTemplate = async (key: string) => {
    const template = PLAN_TEMPLATES.find((x) => x.key === key);
    if (!template) {
      return;
    }
    try {
      const preview = await previewPlan(plan.contract.id, {
        percents: template.percents,
        conditions: template.conditions,
        offsetDays: template.offsetDays,
        labels: template.conditions.map((c) => t(`plan.condition.${c}`)),
      });
      setErrors([]);
      // Template rows take over the existing installments in order, so their receipts stay with them.
      setRows(
        preview.installments.map((p, i) => ({
          key: rows[i]?.key ?? `new-${nextKey++}`,
          id: rows[i]?.id ?? null,
          condition: p.condition as InstallmentCondition,
          dueDate: p.dueDate,
          amount: p.amount / 100,
          label: p.label ?? '',
          collected: rows[i]?.collected ?? 0,
        })),
      );
    } catch (error) {
      showError(error);
    }
  };

  const submit = () => {
    save.mutate(
      {
        version: plan.contract.version,
        body: {
          installments: rows.map((r) => ({
            id: r.id,
            condition: r.condition,
            dueDate: r.dueDate,
            amount: toMinor(r.amount) ?? 0,
            label: r.label.trim() || null,
          })),
          reason: reason.trim() || null,
        },
      },
      {
        onSuccess: () => {
          void message.success(t('plan.saved'));
          onDone();
        },
        onError: (error) => {
          // Rule and field errors at their row (installments.2.amount …), the rest (the total) above the table.
          if (isApiError(error) && (error.status === 400 || error.status === 422)) {
            const perRow = error.details.filter((d) => /^installments\.\d+\./.test(d.path));
            setErrors(perRow.length > 0 ? perRow : [{ path: '', message: error.message }]);
            return;
          }
          showError(error);
          if (isApiError(error) && error.status === 412) {
            onDone();
          }
        },
      },
    );
  };

  return (
    <div data-testid="plan-editor">
      <Flex gap={8} wrap style={{ marginBottom: 8 }} align="center">
        <Select
          placeholder={t('plan.template')}
          style={{ width: 300 }}
          value={null}
          onChange={(key: string) => void applyTemplate(key)}
          options={PLAN_TEMPLATES.map((x) => ({
            value: x.key,
            label: t(`plan.template.${x.key}` as 'plan.template.100'),
          }))}
          data-testid="plan-template"
        />
        <Button
          icon={<PlusOutlined />}
          onClick={() =>
            setRows((rs) => [
              ...rs,
              {
                key: `new-${nextKey++}`,
                id: null,
                condition: 'on_date',
                dueDate: null,
                amount: null,
                label: '',
                collected: 0,
              },
            ])
          }
        >
          {t('plan.addRow')}
        </Button>
      </Flex>
      {planErrors.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          title={planErrors.map((e) => e.message).join('; ')}
        />
      )}
      <Table<Row>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { key: 'seq', title: t('plan.seq'), width: 48, render: (_, _r, i) => i + 1 },
          {
            key: 'condition',
            title: t('plan.condition'),
            render: (_, r, i) => (
              <Select
                size="small"
                style={{ width: 130 }}
                value={r.condition}
                onChange={(condition) => update(i, { condition })}
                options={CONDITIONS.map((c) => ({ value: c, label: t(`plan.condition.${c}`) }))}
              />
            ),
          },
          {
            key: 'due',
            title: t('plan.dueDate'),
            render: (_, r, i) => (
              <DatePicker
                size="small"
                value={r.dueDate ? dayjs(r.dueDate) : null}
                placeholder={DATE_FROM_ORDER.includes(r.condition) ? t('plan.dueFromOrder') : undefined}
                status={rowError(i) && !r.dueDate ? 'error' : undefined}
                onChange={(d) => update(i, { dueDate: d ? d.format('YYYY-MM-DD') : null })}
              />
            ),
          },
          {
            key: 'amount',
            title: t('plan.amount'),
            render: (_, r, i) => (
              <InputNumber
                size="small"
                min={0}
                precision={2}
                value={r.amount}
                status={rowError(i) ? 'error' : undefined}
                onChange={(amount) => update(i, { amount })}
                data-testid={`plan-amount-${i}`}
              />
            ),
          },
          {
            key: 'label',
            title: t('plan.label'),
            render: (_, r, i) => (
              <Input
                size="small"
                maxLength={100}
                value={r.label}
                onChange={(e) => update(i, { label: e.target.value })}
              />
            ),
          },
          {
            key: 'collected',
            title: t('plan.collected'),
            align: 'right',
            render: (_, r) => money(r.collected),
          },
          {
            key: 'remove',
            title: '',
            render: (_, r, i) => (
              <Space orientation="vertical" size={0}>
                <Tooltip title={r.collected > 0 ? t('plan.hasCollected') : t('plan.removeRow')}>
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    disabled={r.collected > 0}
                    onClick={() => setRows((rs) => rs.filter((_x, k) => k !== i))}
                  />
                </Tooltip>
                {rowError(i) && <Typography.Text type="danger">{rowError(i)}</Typography.Text>}
              </Space>
            ),
          },
        ]}
      />
      <Flex gap={12} align="center" wrap style={{ margin: '8px 0' }}>
        <span>
          {t('plan.total')}: {money(total)}
        </span>
        <span>
          {t('plan.contractAmount')}: {money(plan.contract.amount)}
        </span>
        <DifferenceTag difference={difference} money={money} />
      </Flex>
      <Input
        placeholder={t('plan.reason')}
        maxLength={1000}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        style={{ marginBottom: 8 }}
      />
      <Flex justify="end" gap={8}>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
        <Button type="primary" loading={save.isPending} onClick={submit} data-testid="save-plan">
          {t('common.save')}
        </Button>
      </Flex>
    </div>
  );
}
