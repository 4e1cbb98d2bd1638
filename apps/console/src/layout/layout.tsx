import { ReactNode, Suspense, useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { session } from '../api/session';
import { useUser } from '../session/use-session';
import { NAV_ITEMS } from './nav';
import { ThemeSelect } from './theme-select';

function SkipLink() {
  return (
    <a className="skip-link" href="#main">
      Skip to content
    </a>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status">
      {what}…
    </p>
  );
}

/** The signed-in console: banner with the person and the theme, navigation, and the page. */
export function Layout() {
  const user = useUser();
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const main = useRef<HTMLElement>(null);
  const firstPage = useRef(true);
  useEffect(() => {
    setMenuOpen(false);
    // After a move within the app, focus goes to the new page, as a page load would put it there.
    if (firstPage.current) firstPage.current = false;
    else main.current?.focus();
  }, [location.pathname]);
  const items = NAV_ITEMS.filter((item) => !item.admin || user.role === 'admin');
  return (
    <div className="shell">
      <SkipLink />
      <header className="banner">
        <Link to="/" className="brand">
          LangFlow Connect
        </Link>
        <button
          type="button"
          className="menu-button button-secondary"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          Menu
        </button>
        <div className="banner-end">
          <ThemeSelect />
          <span className="who" title={user.email}>
            {user.email}
            <span className="role"> ({user.role})</span>
          </span>
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              void session.signOut().then(() => navigate('/sign-in'));
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <nav id="main-nav" aria-label="Console" className={menuOpen ? 'nav nav-open' : 'nav'}>
        <ul>
          {items.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to}>{item.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1} ref={main}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}

/** Sign-in, registration and setup: no navigation, the same banner and theme. */
export function PublicLayout({ children }: { children?: ReactNode }) {
  return (
    <div className="shell shell-public">
      <SkipLink />
      <header className="banner">
        <span className="brand">LangFlow Connect</span>
        <div className="banner-end">
          <ThemeSelect />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="public-main">
        <Suspense fallback={<Loading />}>{children ?? <Outlet />}</Suspense>
      </main>
    </div>
  );
}
