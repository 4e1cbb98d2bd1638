/**
 * Light, dark, or whatever the system prefers. Only this choice is kept in localStorage; nothing
 * about the session ever is.
 */
export const THEMES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEMES)[number];

const STORAGE_KEY = 'lfc-console-theme';

function isTheme(value: unknown): value is ThemeChoice {
  return (THEMES as readonly unknown[]).includes(value);
}

export function storedTheme(): ThemeChoice {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isTheme(value) ? value : 'system';
  } catch {
    // Storage can be off (private windows, policies): the system's preference it is.
    return 'system';
  }
}

export function applyTheme(choice: ThemeChoice, remember = true): void {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
  if (!remember) return;
  try {
    if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // Not remembered then; the choice still holds for this page.
  }
}
