import './zod-config';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api/errors';
import { session } from './api/session';
import { App } from './app';
import { Announcer } from './components/announcer';
import { prefetchReports } from './reports/report-queries';
import { applyTheme, storedTheme } from './theme';

applyTheme(storedTheme(), false);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (4xx) will not change on its own; a server or network trouble may.
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
      refetchOnWindowFocus: false,
    },
  },
});

// The report the address opens is asked for as soon as the session is back, while its page's
// code and charts are still loading. Subscribed before React renders, so this listener runs first:
// React renders the signed-in layout synchronously from the same notification.
const stopPrefetching = session.subscribe(() => {
  const user = session.user;
  if (session.snapshot().status === 'restoring') return;
  stopPrefetching();
  if (user) prefetchReports(queryClient, window.location, user);
});
void session.restore();

// What one person's session loaded is never shown to the next one who signs in here.
session.subscribe(() => {
  if (session.snapshot().status === 'signed-out') queryClient.clear();
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter basename="/console">
        <Announcer>
          <App />
        </Announcer>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
