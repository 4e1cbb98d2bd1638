import { useId, useState } from 'react';
import { THEMES, ThemeChoice, applyTheme, storedTheme } from '../theme';

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

export function ThemeSelect() {
  const [theme, setTheme] = useState<ThemeChoice>(storedTheme);
  const id = useId();
  return (
    <div className="theme-select">
      <label htmlFor={id}>Theme</label>
      <select
        id={id}
        value={theme}
        onChange={(event) => {
          const choice = THEMES.find((candidate) => candidate === event.target.value) ?? 'system';
          setTheme(choice);
          applyTheme(choice);
        }}
      >
        {THEMES.map((choice) => (
          <option key={choice} value={choice}>
            {LABELS[choice]}
          </option>
        ))}
      </select>
    </div>
  );
}
