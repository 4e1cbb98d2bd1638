import { Placeholder } from '../../components/page';

export default function UsersPage() {
  return <Placeholder title="Users" />;
}
