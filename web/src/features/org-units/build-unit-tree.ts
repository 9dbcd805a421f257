import type { Unit } from './api.ts';

export interface UnitNode {
  unit: Unit;
  children: UnitNode[];
}

/**
 * Nests the flat unit list by `parentId`, siblings sorted by name. A unit whose parent is not in the
 * list (outside the viewer's scope) becomes a root, so nothing visible is dropped.
 */
export function buildUnitTree(units: readonly Unit[], locale?: string): UnitNode[] {
  const nodes = new Map<string, UnitNode>(units.map((unit) => [unit.id, { unit, children: [] }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const collator = new Intl.Collator(locale);
  const sort = (list: UnitNode[]) => {
    list.sort((a, b) => collator.compare(a.unit.name, b.unit.name));
    for (const node of list) {
      sort(node.children);
    }
  };
  sort(roots);
  return roots;
}

/** The ids of `id` and every unit below it: where it must not be moved to. */
export function subtreeIds(units: readonly Unit[], id: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const unit of units) {
    if (unit.parentId) {
      children.set(unit.parentId, [...(children.get(unit.parentId) ?? []), unit.id]);
    }
  }
  const result = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (!result.has(next)) {
      result.add(next);
      stack.push(...(children.get(next) ?? []));
    }
  }
  return result;
}
