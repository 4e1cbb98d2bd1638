import { Placeholder } from '../components/page';

export default function AccountPage() {
  return <Placeholder title="Account" />;
}
