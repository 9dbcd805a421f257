import { Forbidden } from '../core/errors.ts';
import type { Actor } from './scope.ts';

/**
 * What each role may do, as data. Reading is governed by scope (policies/scope.ts, out of scope →
 * 404); these are the actions on records already in scope (not allowed → 403).
 */
const allowed = {
  'users.write': ['admin'],
  'units.write': ['admin'],
  'audit.read': ['admin'],
  /** Who else may see personal data in full (org setting), and erasing a person's data. */
  'privacy.write': ['admin'],
  /** Sales records (customers, leads, deals, activities): finance reads only. */
  'sales.write': ['admin', 'director', 'sales_ops', 'manager', 'rep'],
  /** Org sales settings: lead SLA, BANT weights, tier labels. */
  'sales_settings.write': ['admin', 'sales_ops'],
  /** Lead assignment rules (managers: only rules of units in their subtree). */
  'lead_rules.write': ['admin', 'sales_ops', 'manager'],
  /** Products and product lines (the price list); everyone in the org reads them. */
  'catalog.write': ['admin', 'sales_ops'],
  /** Money records: contracts in any state, payment plans, receipts, orders, credit terms (whole org). */
  'money.write': ['admin', 'finance'],
  /** Contract drafts: reps on their own deals/customers, managers inside their unit subtree, finance anywhere. */
  'contracts.draft': ['admin', 'finance', 'manager', 'rep'],
  /** Approving or rejecting a submitted contract, and approving a customer above its credit limit. */
  'contracts.approve': ['admin', 'finance', 'manager'],
  /** Collection settings: contract/order number prefixes, reminder days, overdue ladder, renewal lead days. */
  'collection_settings.write': ['admin', 'finance'],
  /** Pipeline stages: names, probabilities, forecast categories, SLA days, exit criteria, order. */
  'pipeline.write': ['admin', 'sales_ops'],
} as const satisfies Record<string, readonly Actor['role'][]>;

export type Action = keyof typeof allowed;

/**
 * What a write route requires of its caller, checked before its body is read: an action above, or
 * `signed-in` for writes every signed-in user may make on their own things (their tokens, sessions,
 * password, notifications, saved views).
 */
export type RoutePermission = Action | 'signed-in';

/** The roles allowed an action (for tests and docs that enumerate the denied cases). */
export function rolesAllowed(action: Action): readonly Actor['role'][] {
  return allowed[action];
}

export function can(actor: Actor, action: Action): boolean {
  return (allowed[action] as readonly string[]).includes(actor.role);
}

export function assertCan(actor: Actor, action: Action): void {
  if (!can(actor, action)) {
    throw new Forbidden(`Your role (${actor.role}) may not do this (${action}).`);
  }
}
