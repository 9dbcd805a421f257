import {
  AimOutlined,
  BarChartOutlined,
  BookOutlined,
  CalendarOutlined,
  CustomerServiceOutlined,
  DatabaseOutlined,
  FileDoneOutlined,
  FunnelPlotOutlined,
  HomeOutlined,
  KeyOutlined,
  SettingOutlined,
  ShopOutlined,
  TeamOutlined,
  TrophyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';
import type { MessageKey } from './i18n/index.tsx';
import type { Role } from './types.ts';

/**
 * The side navigation as data: one entry per capability area of DESIGN.md §2. An area whose pages do
 * not exist yet has `built: false` and is hidden, never shown as a placeholder; when its pages land,
 * give it a `path` and `page` and flip `built`. `roles` limits who sees it (absent: everyone).
 */
export interface NavEntry {
  key: string;
  labelKey: MessageKey;
  icon?: ReactNode;
  built: boolean;
  roles?: readonly Role[];
  path?: string;
  page?: LazyExoticComponent<ComponentType>;
  children?: NavEntry[];
  /** Further pages of the entry not in the menu (detail pages), with the entry's roles. */
  routes?: { path: string; page: LazyExoticComponent<ComponentType> }[];
}

const page = (load: () => Promise<{ default: ComponentType }>) => lazy(load);

const HomePage = page(() => import('../features/home/home-page.tsx'));
const UsersPage = page(() => import('../features/users/users-page.tsx'));
const OrgUnitsPage = page(() => import('../features/org-units/org-units-page.tsx'));
const TokensPage = page(() => import('../features/tokens/tokens-page.tsx'));
const AuditPage = page(() => import('../features/audit/audit-page.tsx'));
const PrivacySettingsPage = page(() => import('../features/privacy/privacy-settings-page.tsx'));
const AccountPage = page(() => import('../features/account/account-page.tsx'));

const CustomersPage = page(() => import('../features/customers/customers-page.tsx'));
const CustomerDetailPage = page(() => import('../features/customers/customer-detail-page.tsx'));
const ContactsPage = page(() => import('../features/contacts/contacts-page.tsx'));
const LeadsPage = page(() => import('../features/leads/leads-page.tsx'));
const LeadDetailPage = page(() => import('../features/leads/lead-detail-page.tsx'));
const DealsPage = page(() => import('../features/deals/deals-page.tsx'));
const DealDetailPage = page(() => import('../features/deals/deal-detail-page.tsx'));
const PipelinePage = page(() => import('../features/deals/pipeline-page.tsx'));
const ActivitiesPage = page(() => import('../features/activities/activities-page.tsx'));
const MyDayPage = page(() => import('../features/tasks/my-day-page.tsx'));
const TasksPage = page(() => import('../features/tasks/tasks-page.tsx'));
const ProductsPage = page(() => import('../features/products/products-page.tsx'));
const ImportsPage = page(() => import('../features/imports/imports-page.tsx'));
const CollectionSettingsPage = page(
  () => import('../features/collection-settings/collection-settings-page.tsx'),
);
const ContractsPage = page(() => import('../features/contracts/contracts-page.tsx'));
const ContractDetailPage = page(() => import('../features/contracts/contract-detail-page.tsx'));
const ReceiptsPage = page(() => import('../features/receipts/receipts-page.tsx'));
const ReceivablesPage = page(() => import('../features/receivables/receivables-page.tsx'));
const MyCollectionsPage = page(() => import('../features/receivables/my-collections-page.tsx'));
const OrdersBoardPage = page(() => import('../features/orders/orders-board-page.tsx'));
const RenewalsPage = page(() => import('../features/orders/renewals-page.tsx'));
const BankImportPage = page(() => import('../features/bank-import/bank-import-page.tsx'));

const ADMIN: readonly Role[] = ['admin'];
// Sales records: everyone but the administrator (who runs the system, not the sales).
const SALES: readonly Role[] = ['director', 'sales_ops', 'finance', 'manager', 'rep'];
const NOT_ADMIN: readonly Role[] = ['director', 'sales_ops', 'finance', 'manager', 'rep'];
// Data import: the people who load records in bulk (the server also needs the sales.write permission).
const IMPORTERS: readonly Role[] = ['admin', 'sales_ops', 'director', 'manager'];

export const NAV: NavEntry[] = [
  { key: 'home', labelKey: 'nav.home', icon: <HomeOutlined />, built: true, path: '/', page: HomePage },
  {
    key: 'leads',
    labelKey: 'nav.leads',
    icon: <FunnelPlotOutlined />,
    built: true,
    roles: [...SALES, 'admin'],
    children: [
      {
        key: 'leads-list',
        labelKey: 'nav.leadsList',
        built: true,
        path: '/leads',
        page: LeadsPage,
        routes: [{ path: '/leads/:id', page: LeadDetailPage }],
      },
      {
        key: 'deals',
        labelKey: 'nav.deals',
        built: true,
        path: '/deals',
        page: DealsPage,
        routes: [{ path: '/deals/:id', page: DealDetailPage }],
      },
      { key: 'pipeline', labelKey: 'nav.pipeline', built: true, path: '/pipeline', page: PipelinePage },
      // The catalogue deal line items price from; admin and sales ops change it, the rest read it.
      { key: 'products', labelKey: 'nav.products', built: true, path: '/products', page: ProductsPage },
    ],
  },
  {
    key: 'customers',
    labelKey: 'nav.customers',
    icon: <TeamOutlined />,
    built: true,
    roles: [...SALES, 'admin'],
    children: [
      {
        key: 'customers-list',
        labelKey: 'nav.customersList',
        built: true,
        path: '/customers',
        page: CustomersPage,
        routes: [{ path: '/customers/:id', page: CustomerDetailPage }],
      },
      { key: 'contacts', labelKey: 'nav.contacts', built: true, path: '/contacts', page: ContactsPage },
    ],
  },
  {
    key: 'activities',
    labelKey: 'nav.activities',
    icon: <CalendarOutlined />,
    built: true,
    roles: [...SALES, 'admin'],
    children: [
      {
        key: 'activities-list',
        labelKey: 'nav.activitiesList',
        built: true,
        path: '/activities',
        page: ActivitiesPage,
      },
      { key: 'my-day', labelKey: 'nav.myDay', built: true, path: '/my-day', page: MyDayPage },
      { key: 'tasks', labelKey: 'nav.tasks', built: true, path: '/tasks', page: TasksPage },
    ],
  },
  {
    // Contracts, collection, receivables, orders and renewals (issue 12): one child entry per page.
    key: 'contracts',
    labelKey: 'nav.contracts',
    icon: <FileDoneOutlined />,
    built: true,
    roles: SALES,
    children: [
      {
        key: 'contracts-list',
        labelKey: 'nav.contractsList',
        built: true,
        path: '/contracts',
        page: ContractsPage,
        routes: [{ path: '/contracts/:id', page: ContractDetailPage }],
      },
      {
        key: 'receipts',
        labelKey: 'nav.receipts',
        built: true,
        roles: [...SALES, 'admin'],
        path: '/receipts',
        page: ReceiptsPage,
      },
      {
        key: 'bank-import',
        labelKey: 'nav.bankImport',
        built: true,
        path: '/contracts/bank-import',
        page: BankImportPage,
        roles: ['finance', 'admin'],
      },
      {
        key: 'receivables',
        labelKey: 'nav.receivables',
        built: true,
        roles: ['finance', 'director', 'sales_ops', 'manager'],
        path: '/receivables',
        page: ReceivablesPage,
      },
      {
        key: 'my-collections',
        labelKey: 'nav.myCollections',
        built: true,
        roles: ['rep', 'manager'],
        path: '/my-collections',
        page: MyCollectionsPage,
      },
      { key: 'orders', labelKey: 'nav.orders', built: true, path: '/orders', page: OrdersBoardPage },
      { key: 'renewals', labelKey: 'nav.renewals', built: true, path: '/renewals', page: RenewalsPage },
      {
        key: 'collection-settings',
        labelKey: 'nav.collectionSettings',
        built: true,
        roles: ['finance'],
        path: '/settings/collection',
        page: CollectionSettingsPage,
      },
    ],
  },
  { key: 'targets', labelKey: 'nav.targets', icon: <AimOutlined />, built: false },
  { key: 'performance', labelKey: 'nav.performance', icon: <TrophyOutlined />, built: false },
  { key: 'analytics', labelKey: 'nav.analytics', icon: <BarChartOutlined />, built: false },
  { key: 'service', labelKey: 'nav.service', icon: <CustomerServiceOutlined />, built: false },
  { key: 'knowledge', labelKey: 'nav.knowledge', icon: <BookOutlined />, built: false },
  { key: 'channels', labelKey: 'nav.channels', icon: <ShopOutlined />, built: false },
  {
    key: 'data',
    labelKey: 'nav.data',
    icon: <DatabaseOutlined />,
    built: true,
    roles: IMPORTERS,
    children: [
      { key: 'imports', labelKey: 'nav.imports', built: true, path: '/data/import', page: ImportsPage },
    ],
  },
  {
    key: 'admin',
    labelKey: 'nav.admin',
    icon: <SettingOutlined />,
    built: true,
    roles: ADMIN,
    children: [
      { key: 'users', labelKey: 'nav.users', built: true, path: '/admin/users', page: UsersPage },
      {
        key: 'org-units',
        labelKey: 'nav.orgUnits',
        built: true,
        path: '/admin/org-units',
        page: OrgUnitsPage,
      },
      // Tokens are always the user's own: admins find them here, everyone else as "My API tokens" below.
      { key: 'tokens', labelKey: 'nav.tokens', built: true, path: '/tokens', page: TokensPage },
      { key: 'audit', labelKey: 'nav.audit', built: true, path: '/admin/audit', page: AuditPage },
      {
        key: 'privacy',
        labelKey: 'nav.privacy',
        built: true,
        path: '/admin/privacy',
        page: PrivacySettingsPage,
      },
      {
        key: 'collection-settings-admin',
        labelKey: 'nav.collectionSettings',
        built: true,
        path: '/settings/collection',
        page: CollectionSettingsPage,
      },
    ],
  },
  {
    key: 'my-tokens',
    labelKey: 'nav.myTokens',
    icon: <KeyOutlined />,
    built: true,
    roles: NOT_ADMIN,
    path: '/tokens',
    page: TokensPage,
  },
  {
    key: 'account',
    labelKey: 'nav.account',
    icon: <UserOutlined />,
    built: true,
    path: '/account',
    page: AccountPage,
  },
];

function allowed(entry: NavEntry, role: Role): boolean {
  return entry.built && (!entry.roles || entry.roles.includes(role));
}

/** The entries this role sees: built ones it may open; a group without visible children disappears. */
export function visibleNav(role: Role, entries: NavEntry[] = NAV): NavEntry[] {
  return entries.flatMap((entry) => {
    if (!allowed(entry, role)) {
      return [];
    }
    if (!entry.children) {
      return [entry];
    }
    const children = visibleNav(role, entry.children);
    return children.length > 0 ? [{ ...entry, children }] : [];
  });
}

export interface RouteEntry {
  path: string;
  page: LazyExoticComponent<ComponentType>;
  /** Absent: every role. */
  roles?: readonly Role[];
}

/** One route per built page; a page listed twice (tokens) is open to the union of both entries' roles. */
export function navRoutes(entries: NavEntry[] = NAV, inherited?: readonly Role[]): RouteEntry[] {
  const byPath = new Map<string, RouteEntry>();
  const visit = (list: NavEntry[], parentRoles?: readonly Role[]) => {
    for (const entry of list) {
      if (!entry.built) {
        continue;
      }
      const roles = entry.roles ?? parentRoles;
      if (entry.path && entry.page) {
        const seen = byPath.get(entry.path);
        const merged =
          seen === undefined
            ? roles
            : seen.roles && roles
              ? [...new Set([...seen.roles, ...roles])]
              : undefined;
        byPath.set(entry.path, { path: entry.path, page: entry.page, roles: merged });
      }
      for (const extra of entry.routes ?? []) {
        byPath.set(extra.path, { path: extra.path, page: extra.page, roles });
      }
      if (entry.children) {
        visit(entry.children, roles);
      }
    }
  };
  visit(entries, inherited);
  return [...byPath.values()];
}
