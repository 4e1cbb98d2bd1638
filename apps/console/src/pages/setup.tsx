import { Placeholder } from '../components/page';

export default function SetupPage() {
  return <Placeholder title="Setup" />;
}
