import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useI18n } from '../../app/i18n/index.tsx';
import { useOrgUnits } from './api.ts';
import { buildUnitTree, type UnitNode } from './build-unit-tree.ts';

interface TreeOption {
  value: string;
  title: string;
  children: TreeOption[];
}

const toOptions = (nodes: UnitNode[]): TreeOption[] =>
  nodes.map((node) => ({ value: node.unit.id, title: node.unit.name, children: toOptions(node.children) }));

interface Props {
  id?: string;
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  'data-testid'?: string;
}

/** Picks one org unit from the tree; usable directly as a Form.Item child. */
export function UnitTreeSelect({ value, onChange, ...rest }: Props) {
  const { locale } = useI18n();
  const units = useOrgUnits();
  const treeData = useMemo(() => toOptions(buildUnitTree(units.data ?? [], locale)), [units.data, locale]);
  return (
    <TreeSelect
      {...rest}
      value={value ?? undefined}
      onChange={(next: string | undefined) => onChange?.(next)}
      treeData={treeData}
      loading={units.isPending}
      treeDefaultExpandAll
      showSearch={{ treeNodeFilterProp: 'title' }}
    />
  );
}
