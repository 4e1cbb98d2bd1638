/** Effective date of the list prices the seed migration (1764300000001) ships. */
export const SHIPPED_PRICE_LIST_DATE = '2025-11-01';

/**
 * Suffixes that name a snapshot or packaging of a model rather than another model: dated releases
 * (`-2024-08-06`, `-20250514`, `-2411`, `@20240620`), `-latest`, previews, and hosts' instruct/turbo
 * variants. Only these are stripped: an arbitrary suffix (`gpt-4o-audio-preview`'s `-audio`) may
 * be a differently priced model, so it stays unknown rather than priced as its neighbour.
 */
const SNAPSHOT_SUFFIXES = [
  /-\d{4}-\d{2}-\d{2}$/,
  /-\d{8}$/,
  /@\d{8}$/,
  /-\d{4}$/,
  /-latest$/,
  /-preview(-\d{2}-\d{2})?$/,
  /-exp(-\d{4})?$/,
  /-instruct(-turbo)?$/,
  /-v\d+(:\d+)?$/,
];

/**
 * The price-table names a reported model may be priced as, most specific first: the name itself
 * (lower-cased, without a router's `provider/` prefix), then with snapshot suffixes removed.
 */
export function priceCandidates(model: string): string[] {
  let name = model.trim().toLowerCase();
  const slash = name.lastIndexOf('/');
  if (slash >= 0) name = name.slice(slash + 1);
  const candidates = [name];
  if (name.startsWith('meta-llama')) candidates.push(name.slice('meta-'.length));
  for (let changed = true; changed;) {
    changed = false;
    const current = candidates[candidates.length - 1] ?? name;
    for (const suffix of SNAPSHOT_SUFFIXES) {
      const stripped = current.replace(suffix, '');
      if (stripped !== current && stripped.length > 0) {
        candidates.push(stripped);
        changed = true;
        break;
      }
    }
  }
  return [...new Set(candidates)];
}
