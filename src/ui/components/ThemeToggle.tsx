/** Light/dark switch and text size; the choices are remembered in localStorage. */
import { useAppStore } from '../store/app-store';

export function ThemeToggle() {
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button type="button" className="btn btn-icon" onClick={() => setTheme(next)} title={`Switch to ${next} theme`} aria-label={`Switch to ${next} theme`}>
      {theme === 'dark' ? '☀' : '☾'}
    </button>
  );
}

/** Larger text everywhere (code included), for projectors; remembered like the theme. */
export function TextSizeToggle() {
  const large = useAppStore((s) => s.largeText);
  const setLarge = useAppStore((s) => s.setLargeText);
  return (
    <button
      type="button"
      className={large ? 'btn btn-icon on' : 'btn btn-icon'}
      aria-pressed={large}
      onClick={() => setLarge(!large)}
      title={large ? 'Normal text size' : 'Larger text (projectors)'}
      aria-label="Larger text"
    >
      A+
    </button>
  );
}
