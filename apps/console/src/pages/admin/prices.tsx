import { Placeholder } from '../../components/page';

export default function PricesPage() {
  return <Placeholder title="Prices" />;
}
