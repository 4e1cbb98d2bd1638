import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Layout, PublicLayout } from './layout/layout';
import { RequireAdmin, RequireSession } from './session/guards';

// Each page is its own chunk, loaded when first opened, so the first load stays small.
const SetupPage = lazy(() => import('./pages/setup'));
const SignInPage = lazy(() => import('./pages/sign-in'));
const RegisterPage = lazy(() => import('./pages/register'));
const ToolsPage = lazy(() => import('./pages/tools'));
const KeysPage = lazy(() => import('./pages/keys'));
const AccountPage = lazy(() => import('./pages/account'));
const UsagePage = lazy(() => import('./pages/usage'));
const CostPage = lazy(() => import('./pages/cost'));
const UsersPage = lazy(() => import('./pages/admin/users'));
const PricesPage = lazy(() => import('./pages/admin/prices'));
const AuditPage = lazy(() => import('./pages/admin/audit'));
const HealthPage = lazy(() => import('./pages/admin/health'));
const NotFoundPage = lazy(() => import('./pages/not-found'));

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
