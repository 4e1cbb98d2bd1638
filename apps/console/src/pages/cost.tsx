import { Placeholder } from '../components/page';

export default function CostPage() {
  return <Placeholder title="Cost" />;
}
