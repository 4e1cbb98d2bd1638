/** The console's sections; `admin` ones are shown to, and routed for, admins only. */
export interface NavItem {
  to: string;
  label: string;
  admin?: boolean;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/tools', label: 'Tools' },
  { to: '/keys', label: 'API keys' },
  { to: '/usage', label: 'Usage' },
  { to: '/cost', label: 'Cost' },
  { to: '/account', label: 'Account' },
  { to: '/admin/users', label: 'Users', admin: true },
  { to: '/admin/prices', label: 'Prices', admin: true },
  { to: '/admin/audit', label: 'Audit', admin: true },
  { to: '/admin/health', label: 'Health', admin: true },
];
