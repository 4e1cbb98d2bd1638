import { Placeholder } from '../components/page';

export default function KeysPage() {
  return <Placeholder title="Keys" />;
}
