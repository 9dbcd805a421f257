import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Space,
  Spin,
  Tag,
  Tree,
  type TreeDataNode,
  type TreeProps,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { isApiError } from '../../app/api.ts';
import { PageTitle } from '../../app/components/page-title.tsx';
import { QueryError } from '../../app/components/query-error.tsx';
import { useShowError } from '../../app/errors.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { type Unit, useOrgUnits } from './api.ts';
import { buildUnitTree, subtreeIds, type UnitNode } from './build-unit-tree.ts';
import { useUnitMutations } from './mutations.ts';
import { UnitFormModal, type UnitFormTarget } from './unit-form-modal.tsx';

const toTreeData = (nodes: UnitNode[]): TreeDataNode[] =>
  nodes.map((node) => ({ key: node.unit.id, title: node.unit.name, children: toTreeData(node.children) }));

export default function OrgUnitsPage() {
  const { t, locale, formatDateTime } = useI18n();
  const { message, modal } = App.useApp();
  const showError = useShowError();
  const units = useOrgUnits();
  const { update, remove } = useUnitMutations();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // Units start expanded (a new child shows at once); only what the user folds stays folded.
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [formTarget, setFormTarget] = useState<UnitFormTarget | null>(null);

  const list = units.data ?? [];
  const byId = useMemo(() => new Map(list.map((unit) => [unit.id, unit])), [list]);
  const treeData = useMemo(() => toTreeData(buildUnitTree(list, locale)), [list, locale]);
  const selected = selectedId ? byId.get(selectedId) : undefined;

  // A 422 carries the server's reason (e.g. "the unit still has users"); say it, the tree reloads anyway.
  const onWriteError = (error: unknown) => {
    if (isApiError(error) && error.status === 422) {
      void message.error(error.message);
    } else {
      showError(error);
    }
  };

  const onDrop: TreeProps['onDrop'] = (info) => {
    const unit = byId.get(String(info.dragNode.key));
    const target = byId.get(String(info.node.key));
    if (!unit || !target) {
      return;
    }
    // Sibling order is not stored: dropping beside a node means "same parent as that node".
    const parentId = info.dropToGap ? target.parentId : target.id;
    if (parentId === unit.parentId || !parentId) {
      return;
    }
    const parent = byId.get(parentId);
    update.mutate(
      { unit, changes: { parentId } },
      {
        onSuccess: () =>
          void message.success(t('units.moved', { name: unit.name, parent: parent?.name ?? '' })),
        onError: onWriteError,
      },
    );
  };

  const allowDrop: TreeProps['allowDrop'] = ({ dragNode, dropNode, dropPosition }) => {
    const forbidden = subtreeIds(list, String(dragNode.key));
    const target = byId.get(String(dropNode.key));
    const parentId = dropPosition === 0 ? target?.id : target?.parentId;
    return !!parentId && !forbidden.has(parentId);
  };

  const confirmDelete = (unit: Unit) => {
    void modal.confirm({
      title: t('units.deleteConfirm', { name: unit.name }),
      okText: t('units.delete'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-delete' },
      cancelText: t('common.cancel'),
      onOk: () =>
        remove.mutate(unit, {
          onSuccess: () => {
            setSelectedId(null);
            void message.success(t('units.deleted'));
          },
          onError: onWriteError,
        }),
    });
  };

  const expandedKeys = list.filter((unit) => !collapsed.has(unit.id)).map((unit) => unit.id);

  return (
    <>
      <PageTitle title={t('units.title')} />
      {units.isError && <QueryError error={units.error} onRetry={() => void units.refetch()} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card>
            <Typography.Paragraph type="secondary">{t('units.hint')}</Typography.Paragraph>
            {units.isPending ? (
              <Spin />
            ) : list.length === 0 ? (
              <Empty description={t('units.empty')}>
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setFormTarget({ mode: 'create', parent: null })}
                >
                  {t('units.addRoot')}
                </Button>
              </Empty>
            ) : (
              <Spin spinning={update.isPending || units.isFetching}>
                <Tree
                  blockNode
                  draggable={{ icon: false }}
                  showLine
                  treeData={treeData}
                  expandedKeys={expandedKeys}
                  onExpand={(_keys, { node, expanded }) =>
                    setCollapsed((current) => {
                      const next = new Set(current);
                      if (expanded) {
                        next.delete(String(node.key));
                      } else {
                        next.add(String(node.key));
                      }
                      return next;
                    })
                  }
                  selectedKeys={selectedId ? [selectedId] : []}
                  onSelect={(keys) => setSelectedId(keys[0] === undefined ? null : String(keys[0]))}
                  allowDrop={allowDrop}
                  onDrop={onDrop}
                  titleRender={(node) => {
                    const unit = byId.get(String(node.key));
                    return (
                      <span data-testid={`unit-${unit?.name ?? node.key}`}>
                        {unit?.name}{' '}
                        {unit && (
                          <Tag bordered={false} style={{ marginInlineStart: 4 }}>
                            {t(`units.kind.${unit.kind}`)}
                          </Tag>
                        )}
                      </span>
                    );
                  }}
                  data-testid="unit-tree"
                />
              </Spin>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={selected?.name ?? t('units.title')}>
            {selected ? (
              <>
                <Descriptions
                  column={1}
                  size="small"
                  style={{ marginBottom: 16 }}
                  items={[
                    { key: 'kind', label: t('units.kind'), children: t(`units.kind.${selected.kind}`) },
                    {
                      key: 'parent',
                      label: t('units.parent'),
                      children: (selected.parentId && byId.get(selected.parentId)?.name) || t('common.none'),
                    },
                    {
                      key: 'created',
                      label: t('users.createdAt'),
                      children: formatDateTime(selected.createdAt),
                    },
                  ]}
                />
                <Space wrap>
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => setFormTarget({ mode: 'create', parent: selected })}
                    data-testid="unit-add-child"
                  >
                    {t('units.addChild')}
                  </Button>
                  <Button
                    icon={<EditOutlined />}
                    onClick={() => setFormTarget({ mode: 'edit', unit: selected })}
                    data-testid="unit-rename"
                  >
                    {t('units.rename')}
                  </Button>
                  <Button
                    danger
                    icon={<DeleteOutlined />}
                    onClick={() => confirmDelete(selected)}
                    data-testid="unit-delete"
                  >
                    {t('units.delete')}
                  </Button>
                </Space>
              </>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('units.selectHint')} />
            )}
          </Card>
        </Col>
      </Row>
      <UnitFormModal target={formTarget} onClose={() => setFormTarget(null)} />
    </>
  );
}
