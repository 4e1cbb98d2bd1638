import { Placeholder } from '../components/page';

export default function ToolsPage() {
  return <Placeholder title="Tools" />;
}
