import {
  BROWSER_SESSION_PATH,
  BrowserSession,
  BrowserSessionSchema,
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  UserView,
} from '@lfc/contracts';
import { exchangeRefreshCookie, takeEarlyExchange } from './session-exchange';

export type SessionState =
  { status: 'restoring' } | { status: 'signed-out'; notice?: string } | { status: 'signed-in'; user: UserView };

/**
 * The browser session. The access token lives in this object only (never in storage or a URL), so
 * a reload restores the session through the HttpOnly refresh cookie, which the page cannot read.
 */
class Session {
  private token: string | null = null;
  private state: SessionState = { status: 'restoring' };
  private readonly listeners = new Set<() => void>();
  private refreshing: Promise<boolean> | null = null;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): SessionState => this.state;

  get accessToken(): string | null {
    return this.token;
  }

  get user(): UserView | null {
    return this.state.status === 'signed-in' ? this.state.user : null;
  }

  adopt(session: BrowserSession): void {
    this.token = session.accessToken;
    this.set({ status: 'signed-in', user: session.user });
  }

  updateUser(user: UserView): void {
    if (this.state.status === 'signed-in') this.set({ status: 'signed-in', user });
  }

  /** Trades the refresh cookie for a new access token; concurrent callers share one request. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.exchangeCookie().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Called once at start: a reload keeps the person signed in while the refresh cookie is valid. */
  async restore(): Promise<void> {
    if (!(await this.refresh()) && this.state.status === 'restoring') this.set({ status: 'signed-out' });
  }

  /** The API refused the token and a refresh could not replace it. */
  expire(): void {
    this.token = null;
    this.set({ status: 'signed-out', notice: 'Your session has ended. Sign in again to continue.' });
  }

  async signOut(notice?: string): Promise<void> {
    try {
      await fetch(BROWSER_SESSION_PATH, {
        method: 'DELETE',
        credentials: 'same-origin',
        headers: { [CSRF_HEADER]: CSRF_HEADER_VALUE },
      });
    } finally {
      this.token = null;
      this.set(notice === undefined ? { status: 'signed-out' } : { status: 'signed-out', notice });
    }
  }

  private async exchangeCookie(): Promise<boolean> {
    try {
      const response = await (takeEarlyExchange() ?? exchangeRefreshCookie());
      if (!response.ok) return this.lost();
      this.adopt(BrowserSessionSchema.parse(await response.json()));
      return true;
    } catch {
      return this.lost();
    }
  }

  private lost(): false {
    this.token = null;
    return false;
  }

  private set(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

export const session = new Session();
