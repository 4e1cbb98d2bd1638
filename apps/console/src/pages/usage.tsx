import { Placeholder } from '../components/page';

export default function UsagePage() {
  return <Placeholder title="Usage" />;
}
