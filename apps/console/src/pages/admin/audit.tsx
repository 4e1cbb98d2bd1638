import { Placeholder } from '../../components/page';

export default function AuditPage() {
  return <Placeholder title="Audit" />;
}
