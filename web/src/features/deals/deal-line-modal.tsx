import { App, Form, InputNumber, Typography } from 'antd';
import { useEffect } from 'react';
import { api } from '../../app/api.ts';
import { FormModal, useFormErrors } from '../../app/components/form-drawer.tsx';
import { RemoteSelect } from '../../app/components/remote-select.tsx';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney, toMajor, toMinor } from '../../app/money.ts';
import { ALL_SALES, useWrite } from '../../app/records.ts';
import { useMe } from '../../app/session.tsx';
import type { Product } from '../products/products-page.tsx';
import type { DealLine } from './types.ts';

/** The largest amount in yuan (amounts are kept in fen as safe integers). */
const MAX_YUAN = Math.floor(Number.MAX_SAFE_INTEGER / 100);

interface Values {
  productId?: string;
  quantity?: number | null;
  unitPrice?: number | null;
  discount?: number | null;
}

/**
 * Adds a product to a deal, or changes a line (its product stays): quantity, unit price (the product's
 * list price when left empty) and discount. The deal's amount becomes the sum of its lines.
 */
export function DealLineModal({
  deal,
  line,
  open,
  onClose,
}: {
  deal: { id: string; version: number };
  /** The line to change; a new line when absent. */
  line?: DealLine | undefined;
  open: boolean;
  onClose(): void;
}) {
  const { t, locale } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const onError = useFormErrors(form, { onStale: onClose });
  const save = useWrite(
    (body: object) =>
      line
        ? api(`/deals/${deal.id}/line-items/${line.id}`, { method: 'PATCH', body, version: deal.version })
        : api(`/deals/${deal.id}/line-items`, { method: 'POST', body, version: deal.version }),
    ALL_SALES,
  );

  useEffect(() => {
    if (!open) {
      return;
    }
    form.resetFields();
    if (line) {
      form.setFieldsValue({
        quantity: line.quantity,
        unitPrice: toMajor(line.unitPrice),
        discount: line.discountBp / 100,
      });
    } else {
      form.setFieldsValue({ quantity: 1 });
    }
  }, [open, line, form]);

  const onFinish = (values: Values) => {
    const unitPrice = toMinor(values.unitPrice);
    const body = {
      ...(line ? {} : { productId: values.productId }),
      quantity: values.quantity,
      // Empty on a new line: the product's list price.
      ...(unitPrice !== null && unitPrice !== undefined ? { unitPrice } : {}),
      discountBp: Math.round((values.discount ?? 0) * 100),
    };
    save.mutate(body, {
      onSuccess: () => {
        void message.success(t('common.saved'));
        onClose();
      },
      onError,
    });
  };

  return (
    <FormModal<Values>
      open={open}
      title={line ? t('deal.editLine') : t('deal.addLine')}
      form={form}
      onClose={onClose}
      onFinish={onFinish}
      saving={save.isPending}
      testId="deal-line"
    >
      {line ? (
        <Form.Item label={t('deal.product')}>
          <Typography.Text>
            {line.productSku ? `${line.productName} (${line.productSku})` : line.productName}
          </Typography.Text>
        </Form.Item>
      ) : (
        <Form.Item
          name="productId"
          label={t('deal.product')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <RemoteSelect<Product>
            path="/products"
            query={{ active: 'true' }}
            labelOf={(p) =>
              `${p.sku ? `${p.name} (${p.sku})` : p.name} · ${formatMoney(p.listPrice, locale, me.org.currency)}`
            }
            placeholder={t('deal.selectProduct')}
            allowClear={false}
            autoFocus
            data-testid="deal-line-product"
          />
        </Form.Item>
      )}
      {/* No min/max on the inputs: they would silently change what was typed; the rules say it. */}
      <Form.Item
        name="quantity"
        label={t('deal.quantity')}
        rules={[
          { required: true, message: t('validation.required') },
          { type: 'integer', min: 1, max: 1_000_000, message: t('deal.quantityRange') },
        ]}
      >
        <InputNumber style={{ width: '100%' }} data-testid="deal-line-quantity" />
      </Form.Item>
      <Form.Item
        name="unitPrice"
        label={t('deal.unitPriceYuan')}
        extra={line ? undefined : t('deal.unitPriceHint')}
        rules={[{ type: 'number', min: 0, max: MAX_YUAN, message: t('deal.unitPriceRange') }]}
      >
        <InputNumber style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="discount"
        label={t('deal.discount')}
        rules={[{ type: 'number', min: 0, max: 100, message: t('deal.discountRange') }]}
      >
        <InputNumber style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}
