import { ComponentType, lazy, useState } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { consolePageOf } from './console-path';
import { Layout, PublicLayout } from './layout/layout';
import { RequireAdmin, RequireSession } from './session/guards';

interface LazyPage {
  Page: ComponentType;
  /** Fetches the page's code now; the page then renders without suspending. */
  preload: () => Promise<unknown>;
}

/**
 * Each page is its own chunk, loaded when first opened, so the first load stays small. Once its
 * code is in, a page renders at once: React.lazy would still suspend for a turn, and React keeps a
 * fallback it has shown for a few hundred ms. A page that mounted before its code was in stays the
 * lazy one, so it is never mounted twice.
 */
function lazyPage(load: () => Promise<{ default: ComponentType }>): LazyPage {
  let loaded: ComponentType | undefined;
  let loading: Promise<{ default: ComponentType }> | undefined;
  const preload = () =>
    (loading ??= load().then((module) => {
      loaded = module.default;
      return module;
    }));
  const Lazy = lazy(preload);
  function Page() {
    const [Ready] = useState(() => loaded);
    return Ready ? <Ready /> : <Lazy />;
  }
  return { Page, preload };
}

const PAGES = {
  setup: lazyPage(() => import('./pages/setup')),
  'sign-in': lazyPage(() => import('./pages/sign-in')),
  register: lazyPage(() => import('./pages/register')),
  tools: lazyPage(() => import('./pages/tools')),
  keys: lazyPage(() => import('./pages/keys')),
  account: lazyPage(() => import('./pages/account')),
  usage: lazyPage(() => import('./pages/usage')),
  cost: lazyPage(() => import('./pages/cost')),
  'admin/users': lazyPage(() => import('./pages/admin/users')),
  'admin/prices': lazyPage(() => import('./pages/admin/prices')),
  'admin/audit': lazyPage(() => import('./pages/admin/audit')),
  'admin/health': lazyPage(() => import('./pages/admin/health')),
};
const SetupPage = PAGES.setup.Page;
const SignInPage = PAGES['sign-in'].Page;
const RegisterPage = PAGES.register.Page;
const ToolsPage = PAGES.tools.Page;
const KeysPage = PAGES.keys.Page;
const AccountPage = PAGES.account.Page;
const UsagePage = PAGES.usage.Page;
const CostPage = PAGES.cost.Page;
const UsersPage = PAGES['admin/users'].Page;
const PricesPage = PAGES['admin/prices'].Page;
const AuditPage = PAGES['admin/audit'].Page;
const HealthPage = PAGES['admin/health'].Page;
const NotFoundPage = lazy(() => import('./pages/not-found'));

/**
 * The code of the page the address names starts loading at once, beside the session's restore,
 * instead of after it (pages render only once the session is back): on a reload, one wait less.
 */
const opened = consolePageOf(window.location.pathname);
if (Object.hasOwn(PAGES, opened)) void PAGES[opened as keyof typeof PAGES].preload();

export function App() {
  return (
    <Routes>
      <Route element={<PublicLayout />}>
        <Route path="setup" element={<SetupPage />} />
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="register" element={<RegisterPage />} />
      </Route>
      <Route
        element={
          <RequireSession>
            <Layout />
          </RequireSession>
        }
      >
        <Route index element={<Navigate to="/tools" replace />} />
        <Route path="tools" element={<ToolsPage />} />
        <Route path="keys" element={<KeysPage />} />
        <Route path="usage" element={<UsagePage />} />
        <Route path="cost" element={<CostPage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="admin" element={<RequireAdmin />}>
          <Route path="users" element={<UsersPage />} />
          <Route path="prices" element={<PricesPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="health" element={<HealthPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
