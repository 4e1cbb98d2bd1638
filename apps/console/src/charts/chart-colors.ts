import { useSyncExternalStore } from 'react';

/**
 * The chart colours live in styles.css beside the other theme colours (`--chart-1` …), each at
 * least 3:1 against the surface in its theme. SVG attributes cannot use CSS variables, so charts
 * read the values here and draw again when the theme changes.
 */
export interface ChartColors {
  series: string[];
  /** Failed calls, and spend beyond a limit. */
  danger: string;
  axis: string;
  grid: string;
  surface: string;
  text: string;
}

export const SERIES_COLOURS = 8;

const darkQuery = (): MediaQueryList => window.matchMedia('(prefers-color-scheme: dark)');

function subscribe(onChange: () => void): () => void {
  const media = darkQuery();
  media.addEventListener('change', onChange);
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => {
    media.removeEventListener('change', onChange);
    observer.disconnect();
  };
}

/** The theme in effect: the person's choice, else the system's preference. */
function themeInEffect(): string {
  return document.documentElement.dataset.theme ?? (darkQuery().matches ? 'dark' : 'light');
}

const byTheme = new Map<string, ChartColors>();

function colorsOf(theme: string): ChartColors {
  const known = byTheme.get(theme);
  if (known) return known;
  const style = getComputedStyle(document.documentElement);
  const read = (name: string): string => style.getPropertyValue(name).trim();
  const colors = {
    series: Array.from({ length: SERIES_COLOURS }, (_, index) => read(`--chart-${index + 1}`)),
    danger: read('--danger'),
    axis: read('--muted'),
    grid: read('--border'),
    surface: read('--surface'),
    text: read('--text'),
  };
  byTheme.set(theme, colors);
  return colors;
}

export function useChartColors(): ChartColors {
  return colorsOf(useSyncExternalStore(subscribe, themeInEffect));
}
