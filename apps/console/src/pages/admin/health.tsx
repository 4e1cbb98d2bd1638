import { Placeholder } from '../../components/page';

export default function HealthPage() {
  return <Placeholder title="Health" />;
}
