import { ReactNode, useEffect } from 'react';

/** A page's one h1, also the document title (read first by screen readers after navigation). */
export function Page({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · LangFlow Connect`;
  }, [title]);
  return (
    <>
      <h1>{title}</h1>
      {intro ? <p className="intro">{intro}</p> : null}
      {children}
    </>
  );
}

/** For the pages another change fills in: the route, title and navigation already exist. */
export function Placeholder({ title }: { title: string }) {
  return (
    <Page title={title}>
      <p>This page is not built yet.</p>
    </Page>
  );
}
