import {
  DownloadOutlined,
  SaveOutlined,
  SearchOutlined,
  SettingOutlined,
  StarOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Dropdown,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Popover,
  Space,
  Table,
  type TableProps,
} from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, download, type Page, type Query } from '../api.ts';
import { clearServerErrors, useShowError } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import { useMe } from '../session.tsx';
import { useDebounced } from '../use-debounced.ts';
import { CursorPager, useCursorPages } from './cursor-pager.tsx';
import { useFormErrors } from './form-drawer.tsx';
import { ManageViewsModal } from './manage-views.tsx';
import { QueryError } from './query-error.tsx';
import {
  cleanFilters,
  type Filters,
  type FilterValue,
  loadColumns,
  storeColumns,
  useSavedViews,
  useSaveView,
  type ViewEntity,
} from './saved-views.ts';

/** `csv` is UTF-8 with a BOM; `csv-gb18030` is for an Excel that opens CSV files as GBK (src/services/export). */
type ExportFormat = 'csv' | 'csv-gb18030' | 'xlsx';
const EXPORT_FILTERS = ['q', 'ownerId', 'unitId', 'customerId', 'status'] as const;
/** The deals export takes every filter of the deals list. */
const DEAL_EXPORT_FILTERS = [
  ...EXPORT_FILTERS,
  'stageId',
  'forecastCategory',
  'closeFrom',
  'closeTo',
  'minAmount',
  'maxAmount',
  'stale',
] as const;

export interface ListColumn<T> {
  key: string;
  title: ReactNode;
  render(row: T): ReactNode;
  /** The server's sort key (`name` → `name` / `-name`); absent: not sortable. */
  sort?: string;
  /** Hidden until the user picks it in the column chooser. */
  optional?: boolean;
  /** Always shown; not in the chooser. */
  fixed?: 'left' | 'right';
  width?: number;
}

export interface ListPageProps<T> {
  entity: ViewEntity;
  /** The list endpoint, e.g. `/customers`. */
  path: string;
  columns: ListColumn<T>[];
  defaultSort: string;
  /** Filter controls beside the search box. */
  renderFilters?(filters: Filters, set: (key: string, value: FilterValue | undefined) => void): ReactNode;
  searchPlaceholder?: string;
  /** Filters applied when the page opens without any in its address (e.g. open tasks only). */
  defaultFilters?: Filters;
  /** False when the endpoint has no `q` search (tasks): no search box. */
  searchable?: boolean;
  /** Fixed filters (a customer's contacts); not shown, not saved in views. */
  fixedQuery?: Query;
  /** Endpoint of the export of the same filters (`/exports/customers`); absent: no export button. */
  exportPath?: string;
  emptyText: string;
  testId: string;
  /** Buttons next to the search (e.g. "New"). */
  actions?: ReactNode;
  /** Keeps the list compact when embedded in a detail page. */
  embedded?: boolean;
  pageSize?: number;
}

/**
 * The server-side list page every object uses: filters in a bar, sort by clicking a column title,
 * cursor pages with the capped total, a column chooser remembered per user, saved views and export.
 */
export function ListPage<T extends { id: string }>(props: ListPageProps<T>) {
  const { entity, path, columns, defaultSort, fixedQuery, embedded } = props;
  const { t, locale } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const showError = useShowError();
  const [searchParams] = useSearchParams();
  // A link may open the list pre-filtered (`/deals?stageId=…` from the board).
  const [filters, setFilters] = useState<Filters>(() => {
    const fromUrl = Object.fromEntries([...searchParams.entries()].filter(([key]) => key !== 'sort'));
    return !embedded && Object.keys(fromUrl).length > 0 ? fromUrl : { ...props.defaultFilters };
  });
  const [sort, setSort] = useState(defaultSort);
  const [visible, setVisible] = useState<string[] | null>(() =>
    embedded ? null : loadColumns(me.id, entity),
  );
  const [exporting, setExporting] = useState(false);

  const q = useDebounced(typeof filters.q === 'string' ? filters.q.trim() : '');
  const cleaned = cleanFilters({ ...filters, q });
  const query: Query = { ...fixedQuery, sort };
  for (const [key, value] of Object.entries(cleaned)) {
    query[key] = Array.isArray(value) ? value.join(',') : value;
  }
  const pages = useCursorPages(JSON.stringify(query));
  const list = useQuery({
    queryKey: [entity, 'list', path, query, pages.cursor],
    queryFn: ({ signal }) =>
      api<Page<T>>(path, { query: { ...query, cursor: pages.cursor, limit: props.pageSize ?? 50 }, signal }),
    placeholderData: keepPreviousData,
  });

  const choosable = columns.filter((c) => !c.fixed);
  const shownKeys = visible ?? choosable.filter((c) => !c.optional).map((c) => c.key);
  const setColumns = (keys: string[]) => {
    setVisible(keys);
    storeColumns(me.id, entity, keys);
  };

  const set = (key: string, value: FilterValue | undefined) =>
    setFilters((current) => ({ ...current, [key]: value }));

  const tableColumns: TableProps<T>['columns'] = columns
    .filter((c) => c.fixed || shownKeys.includes(c.key))
    .map((c) => ({
      key: c.key,
      title: c.title,
      fixed: c.fixed,
      width: c.width,
      render: (_: unknown, row: T) => c.render(row),
      sorter: !!c.sort,
      sortOrder: c.sort
        ? sort === c.sort
          ? ('ascend' as const)
          : sort === `-${c.sort}`
            ? ('descend' as const)
            : null
        : undefined,
    }));

  const onTableChange: TableProps<T>['onChange'] = (_p, _f, sorter) => {
    const single = Array.isArray(sorter) ? sorter[0] : sorter;
    const column = columns.find((c) => c.key === String(single?.columnKey));
    if (!column?.sort || !single?.order) {
      setSort(defaultSort);
    } else {
      setSort(single.order === 'descend' ? `-${column.sort}` : column.sort);
    }
  };

  const onExport = async (format: ExportFormat) => {
    if (!props.exportPath) {
      return;
    }
    setExporting(true);
    try {
      // The export takes only these filters (src/server/routes/exports.ts); anything else would be a 400.
      const filterQuery: Query = {};
      for (const key of entity === 'deals' ? DEAL_EXPORT_FILTERS : EXPORT_FILTERS) {
        if (query[key] !== undefined) {
          filterQuery[key] = query[key];
        }
      }
      const extension = format === 'xlsx' ? 'xlsx' : 'csv';
      await download(props.exportPath, { ...filterQuery, format, lang: locale }, `${entity}.${extension}`);
    } catch (error) {
      showError(error);
    } finally {
      setExporting(false);
    }
  };

  const chooser = (
    <Popover
      trigger="click"
      placement="bottomRight"
      content={
        <Checkbox.Group
          value={shownKeys}
          onChange={(keys) => setColumns(keys as string[])}
          style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
          options={choosable.map((c) => ({ value: c.key, label: c.title }))}
        />
      }
    >
      <Button icon={<SettingOutlined />} data-testid={`${props.testId}-columns`}>
        {t('list.columns')}
      </Button>
    </Popover>
  );

  const table = (
    <>
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      <Table<T>
        rowKey="id"
        size="middle"
        columns={tableColumns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        pagination={false}
        onChange={onTableChange}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={props.emptyText} /> }}
        data-testid={props.testId}
      />
      <CursorPager
        total={list.data?.total}
        totalCapped={list.data?.totalCapped}
        page={pages.page}
        nextCursor={list.data?.nextCursor}
        onNext={pages.next}
        onPrev={pages.prev}
        loading={list.isFetching}
      />
    </>
  );

  if (embedded) {
    return (
      <>
        {props.actions && (
          <Flex justify="end" style={{ marginBottom: 12 }}>
            {props.actions}
          </Flex>
        )}
        {table}
      </>
    );
  }

  return (
    <Card>
      <Flex gap={12} wrap justify="space-between" style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap align="center">
          {props.searchable !== false && (
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder={props.searchPlaceholder ?? t('common.searchPlaceholder')}
              value={typeof filters.q === 'string' ? filters.q : ''}
              onChange={(event) => set('q', event.target.value)}
              style={{ width: 240 }}
              aria-label={t('common.search')}
              data-testid={`${props.testId}-search`}
            />
          )}
          {props.renderFilters?.(filters, set)}
        </Flex>
        <Space wrap>
          <SavedViewsMenu
            entity={entity}
            current={{ filters: cleanFilters(filters), sort, columns: shownKeys }}
            onApply={(config) => {
              setFilters(config.filters);
              setSort(config.sort ?? defaultSort);
              if (config.columns) {
                setColumns(config.columns);
              }
            }}
            onReset={() => {
              setFilters({});
              setSort(defaultSort);
            }}
            onSaved={(name) => void message.success(t('list.viewSaved', { name }))}
          />
          {chooser}
          {props.exportPath && (
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'xlsx', label: 'Excel (.xlsx)' },
                  { key: 'csv', label: t('list.export.csvUtf8') },
                  { key: 'csv-gb18030', label: t('list.export.csvGbk') },
                ],
                onClick: ({ key }) => void onExport(key as ExportFormat),
              }}
            >
              <Button icon={<DownloadOutlined />} loading={exporting} data-testid={`${props.testId}-export`}>
                {t('common.export')}
              </Button>
            </Dropdown>
          )}
          {props.actions}
        </Space>
      </Flex>
      {table}
    </Card>
  );
}

function SavedViewsMenu({
  entity,
  current,
  onApply,
  onReset,
  onSaved,
}: {
  entity: ViewEntity;
  current: { filters: Record<string, FilterValue>; sort: string; columns: string[] };
  onApply(config: { filters: Filters; sort?: string; columns?: string[] }): void;
  onReset(): void;
  onSaved(name: string): void;
}) {
  const { t } = useI18n();
  const views = useSavedViews(entity);
  const save = useSaveView(entity);
  const [saving, setSaving] = useState(false);
  const [managing, setManaging] = useState(false);
  const [form] = Form.useForm<{ name: string }>();
  const onError = useFormErrors(form);
  const taken = new Set((views.data ?? []).map((v) => v.name.trim().toLowerCase()));

  const items = useMemo(
    () => [
      { key: '__default', label: t('list.defaultView') },
      ...(views.data ?? []).map((view) => ({ key: view.id, label: view.name })),
      { type: 'divider' as const },
      { key: '__save', icon: <SaveOutlined />, label: t('list.saveView') },
      ...((views.data ?? []).length > 0
        ? [{ key: '__manage', icon: <SettingOutlined />, label: t('list.manageViews') }]
        : []),
    ],
    [views.data, t],
  );

  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items,
          onClick: ({ key }) => {
            if (key === '__default') {
              onReset();
            } else if (key === '__save' || key === '__manage') {
              // After the key or click that chose the item is over: an Enter that chose it must not
              // also reach the dialog's field (an empty name said "required" at once, or no dialog).
              setTimeout(() => (key === '__save' ? setSaving(true) : setManaging(true)), 0);
            } else {
              const view = views.data?.find((v) => v.id === key);
              if (view) {
                onApply(view.config);
              }
            }
          },
        }}
      >
        <Button icon={<StarOutlined />} data-testid="views-menu">
          {t('list.views')}
        </Button>
      </Dropdown>
      <ManageViewsModal
        open={managing}
        views={views.data ?? []}
        current={current}
        onClose={() => setManaging(false)}
      />
      {/* Saving a view: the name takes the focus, Enter saves, an empty or taken name is said so. */}
      <Modal
        open={saving}
        title={t('list.saveView')}
        onCancel={() => setSaving(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: save.isPending, id: 'view-save' }}
        cancelText={t('common.cancel')}
        destroyOnHidden
        afterOpenChange={(open) => {
          if (open) {
            form.getFieldInstance('name')?.focus();
          }
        }}
      >
        <Form
          form={form}
          // The dialog's field leaves the form when it closes: the next save starts from an empty name.
          preserve={false}
          layout="vertical"
          onValuesChange={(changed) => clearServerErrors(form, changed)}
          onFinish={({ name }) =>
            save.mutate(
              { name: name.trim(), config: current },
              {
                onSuccess: () => {
                  setSaving(false);
                  onSaved(name.trim());
                },
                onError,
              },
            )
          }
        >
          <Form.Item
            name="name"
            label={t('list.viewName')}
            rules={[
              { required: true, whitespace: true, message: t('validation.required') },
              {
                validator: (_, value: string | undefined) =>
                  value && taken.has(value.trim().toLowerCase())
                    ? Promise.reject(new Error(t('list.viewNameTaken')))
                    : Promise.resolve(),
              },
            ]}
          >
            {/* A form with one field submits on Enter by itself. */}
            <Input autoFocus maxLength={60} data-testid="view-name" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
