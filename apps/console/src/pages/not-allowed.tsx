import { Link } from 'react-router';
import { Page } from '../components/page';

export function NotAllowedPage() {
  return (
    <Page title="Not allowed">
      <p>This page is for administrators. Your account cannot open it.</p>
      <p>
        <Link to="/">Back to the console</Link>
      </p>
    </Page>
  );
}
