import { REPORT_RANGES, ReportRange } from '@lfc/contracts';
import { Choice } from '../components/choice';

const LABELS: Record<ReportRange, string> = { '24h': '24 hours', '7d': '7 days', '30d': '30 days' };

export const RANGE_CHOICES: readonly Choice<ReportRange>[] = REPORT_RANGES.map((range) => ({
  value: range,
  label: LABELS[range],
}));
