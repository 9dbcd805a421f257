import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { api, type Page } from '../../app/api.ts';
import type { Schemas } from '../../app/api-types.ts';
import { ConfirmDeleteButton } from '../../app/components/confirm-delete.tsx';
import { blankToNull, FormDrawer, useFormErrors } from '../../app/components/form-drawer.tsx';
import { type ListColumn, ListPage } from '../../app/components/list-page.tsx';
import { PageTitle } from '../../app/components/page-title.tsx';
import { QueryError } from '../../app/components/query-error.tsx';
import { useShowError } from '../../app/errors.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney, toMajor, toMinor } from '../../app/money.ts';
import { useWrite } from '../../app/records.ts';
import { useMe } from '../../app/session.tsx';

export type ProductLine = Schemas['ProductLine'];

export type Product = Schemas['Product'];

const WRITERS = new Set(['admin', 'sales_ops']);
const CATALOG = ['products', 'product-lines'] as const;

function useProductLines() {
  return useQuery({
    queryKey: ['product-lines', 'all'],
    queryFn: ({ signal }) =>
      api<Page<ProductLine>>('/product-lines', { query: { limit: 200, sort: 'name' }, signal }),
  });
}

/**
 * The catalogue: products with list prices (used by deal line items) and the product lines they belong
 * to. Administrators and sales operations change it; everyone else reads it.
 */
export default function ProductsPage() {
  const { t } = useI18n();
  const me = useMe();
  const canWrite = WRITERS.has(me.role);
  return (
    <>
      <PageTitle title={t('product.title')} />
      {!canWrite && (
        <Typography.Paragraph type="secondary" data-testid="products-read-only">
          {t('product.readOnly')}
        </Typography.Paragraph>
      )}
      <Tabs
        items={[
          { key: 'products', label: t('product.products'), children: <ProductsTab canWrite={canWrite} /> },
          { key: 'lines', label: t('product.lines'), children: <LinesTab canWrite={canWrite} /> },
        ]}
      />
    </>
  );
}

function ProductsTab({ canWrite }: { canWrite: boolean }) {
  const { t, locale, formatDateTime } = useI18n();
  const me = useMe();
  const lines = useProductLines();
  const lineName = (id: string) => lines.data?.items.find((l) => l.id === id)?.name ?? '—';
  const [editing, setEditing] = useState<{ product?: Product } | null>(null);
  const showError = useShowError();
  const { message } = App.useApp();
  const remove = useWrite(
    (p: Product) => api<void>(`/products/${p.id}`, { method: 'DELETE', version: p.version }),
    CATALOG,
  );

  const columns: ListColumn<Product>[] = [
    {
      key: 'name',
      title: t('product.name'),
      fixed: 'left',
      sort: 'name',
      render: (p) =>
        canWrite ? (
          <Typography.Link onClick={() => setEditing({ product: p })}>{p.name}</Typography.Link>
        ) : (
          p.name
        ),
    },
    { key: 'sku', title: t('product.sku'), render: (p) => p.sku ?? '—' },
    { key: 'line', title: t('product.line'), render: (p) => lineName(p.productLineId) },
    {
      key: 'listPrice',
      title: t('product.listPrice'),
      sort: 'listPrice',
      render: (p) => formatMoney(p.listPrice, locale, me.org.currency),
    },
    { key: 'unit', title: t('product.unit'), render: (p) => p.unit ?? '—' },
    {
      key: 'active',
      title: t('product.active'),
      render: (p) => (p.active ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>),
    },
    {
      key: 'createdAt',
      title: t('common.createdAt'),
      sort: 'createdAt',
      optional: true,
      render: (p) => formatDateTime(p.createdAt),
    },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: '',
      fixed: 'right',
      width: 96,
      render: (p) => (
        <Space>
          <Button
            size="small"
            type="text"
            icon={<EditOutlined />}
            aria-label={t('product.edit')}
            onClick={() => setEditing({ product: p })}
          />
          <ConfirmDeleteButton
            confirm={t('product.deleteConfirm')}
            onConfirm={() =>
              remove.mutate(p, {
                onSuccess: () => void message.success(t('common.saved')),
                onError: showError,
              })
            }
          />
        </Space>
      ),
    });
  }

  return (
    <>
      <ListPage<Product>
        entity="products"
        path="/products"
        columns={columns}
        defaultSort="name"
        searchPlaceholder={t('product.search')}
        emptyText={t('product.empty')}
        testId="products"
        actions={
          canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({})}
              data-testid="new-product"
            >
              {t('product.new')}
            </Button>
          )
        }
        renderFilters={(filters, set) => (
          <>
            <Select
              allowClear
              placeholder={t('product.line')}
              style={{ width: 200 }}
              value={filters.productLineId as string | undefined}
              onChange={(v) => set('productLineId', v)}
              options={(lines.data?.items ?? []).map((l) => ({ value: l.id, label: l.name }))}
            />
            <Select
              allowClear
              placeholder={t('product.active')}
              style={{ width: 120 }}
              value={filters.active as boolean | undefined}
              onChange={(v) => set('active', v)}
              options={[
                { value: true, label: t('common.yes') },
                { value: false, label: t('common.no') },
              ]}
            />
          </>
        )}
      />
      <ProductDrawer
        open={editing !== null}
        product={editing?.product}
        lines={lines.data?.items ?? []}
        onClose={() => setEditing(null)}
      />
    </>
  );
}

interface ProductValues {
  name: string;
  productLineId: string;
  sku?: string;
  listPrice: number;
  unit?: string;
  active: boolean;
}

function ProductDrawer({
  open,
  product,
  lines,
  onClose,
}: {
  open: boolean;
  product?: Product;
  lines: ProductLine[];
  onClose(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProductValues>();
  const onError = useFormErrors(form);
  const save = useWrite(
    (body: object) =>
      product
        ? api<Product>(`/products/${product.id}`, { method: 'PATCH', body, version: product.version })
        : api<Product>('/products', { method: 'POST', body }),
    CATALOG,
  );
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(
        product
          ? {
              name: product.name,
              productLineId: product.productLineId,
              sku: product.sku ?? '',
              listPrice: toMajor(product.listPrice) ?? 0,
              unit: product.unit ?? '',
              active: product.active,
            }
          : { active: true },
      );
    }
  }, [open, product, form]);
  const onFinish = (v: ProductValues) =>
    save.mutate(
      {
        name: v.name.trim(),
        productLineId: v.productLineId,
        sku: blankToNull(v.sku),
        listPrice: toMinor(v.listPrice) ?? 0,
        unit: blankToNull(v.unit),
        active: v.active,
      },
      {
        onSuccess: () => {
          void message.success(product ? t('common.saved') : t('common.created'));
          onClose();
        },
        onError,
      },
    );
  return (
    <FormDrawer<ProductValues>
      open={open}
      title={product ? t('product.edit') : t('product.new')}
      form={form}
      onClose={onClose}
      onFinish={onFinish}
      saving={save.isPending}
      testId="product-drawer"
    >
      <Form.Item
        name="name"
        label={t('product.name')}
        rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
      >
        <Input autoFocus maxLength={200} data-testid="product-name" />
      </Form.Item>
      <Form.Item
        name="productLineId"
        label={t('product.line')}
        rules={[{ required: true, message: t('validation.required') }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={lines.map((l) => ({ value: l.id, label: l.name }))}
          data-testid="product-line"
        />
      </Form.Item>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item name="sku" label={t('product.sku')}>
            <Input maxLength={64} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="unit" label={t('product.unit')}>
            <Input maxLength={20} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            name="listPrice"
            label={t('product.listPrice')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <InputNumber min={0} precision={2} style={{ width: '100%' }} data-testid="product-price" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="active" label={t('product.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
      </Row>
    </FormDrawer>
  );
}

interface LineValues {
  name: string;
  code?: string;
  active: boolean;
}

function LinesTab({ canWrite }: { canWrite: boolean }) {
  const { t, formatDateTime } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const lines = useProductLines();
  const [editing, setEditing] = useState<{ line?: ProductLine } | null>(null);
  const [form] = Form.useForm<LineValues>();
  const onError = useFormErrors(form);
  const line = editing?.line;
  const save = useWrite(
    (body: object) =>
      line
        ? api<ProductLine>(`/product-lines/${line.id}`, { method: 'PATCH', body, version: line.version })
        : api<ProductLine>('/product-lines', { method: 'POST', body }),
    CATALOG,
  );
  const remove = useWrite(
    (l: ProductLine) => api<void>(`/product-lines/${l.id}`, { method: 'DELETE', version: l.version }),
    CATALOG,
  );
  useEffect(() => {
    if (editing) {
      form.resetFields();
      form.setFieldsValue(
        line ? { name: line.name, code: line.code ?? '', active: line.active } : { active: true },
      );
    }
  }, [editing, line, form]);

  if (lines.isError) {
    return <QueryError error={lines.error} onRetry={() => void lines.refetch()} />;
  }
  return (
    <Card>
      {canWrite && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing({})}
          style={{ marginBottom: 16 }}
          data-testid="new-product-line"
        >
          {t('product.newLine')}
        </Button>
      )}
      <Table<ProductLine>
        rowKey="id"
        size="middle"
        loading={lines.isLoading}
        dataSource={lines.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('product.emptyLines') }}
        data-testid="product-lines"
        columns={[
          {
            key: 'name',
            title: t('product.name'),
            render: (_, l) =>
              canWrite ? (
                <Typography.Link onClick={() => setEditing({ line: l })}>{l.name}</Typography.Link>
              ) : (
                l.name
              ),
          },
          { key: 'code', title: t('product.code'), render: (_, l) => l.code ?? '—' },
          {
            key: 'active',
            title: t('product.active'),
            render: (_, l) =>
              l.active ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>,
          },
          { key: 'createdAt', title: t('common.createdAt'), render: (_, l) => formatDateTime(l.createdAt) },
          ...(canWrite
            ? [
                {
                  key: 'actions',
                  title: '',
                  width: 64,
                  render: (_: unknown, l: ProductLine) => (
                    <ConfirmDeleteButton
                      confirm={t('product.deleteLineConfirm')}
                      onConfirm={() =>
                        remove.mutate(l, {
                          onSuccess: () => void message.success(t('common.saved')),
                          onError: showError,
                        })
                      }
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      <FormDrawer<LineValues>
        open={editing !== null}
        title={line ? t('product.editLine') : t('product.newLine')}
        form={form}
        onClose={() => setEditing(null)}
        onFinish={(v) =>
          save.mutate(
            { name: v.name.trim(), code: blankToNull(v.code), active: v.active },
            {
              onSuccess: () => {
                void message.success(line ? t('common.saved') : t('common.created'));
                setEditing(null);
              },
              onError,
            },
          )
        }
        saving={save.isPending}
        testId="product-line-drawer"
      >
        <Form.Item
          name="name"
          label={t('product.name')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input autoFocus maxLength={100} data-testid="product-line-name" />
        </Form.Item>
        <Form.Item name="code" label={t('product.code')}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="active" label={t('product.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </FormDrawer>
    </Card>
  );
}
