import { Link } from 'react-router';
import { Page } from '../components/page';

export default function NotFoundPage() {
  return (
    <Page title="Page not found">
      <p>There is no console page at this address.</p>
      <p>
        <Link to="/">Back to the console</Link>
      </p>
    </Page>
  );
}
