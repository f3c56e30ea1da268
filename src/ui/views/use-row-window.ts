/**
 * Windowing for a list of fixed-height rows: which rows are in view (plus overscan), from the
 * scroll offset by arithmetic. The type table uses it instead of TanStack Virtual, which keeps
 * a measurement object per row: for a 130k-type kernel that is ~10 ms and 130k objects on the
 * first paint, for rows whose height is known anyway. (The diff table, with measured rows and
 * fewer of them, uses TanStack Virtual.)
 */
import { type RefObject, useCallback, useEffect, useState } from 'react';

export interface RowWindow {
  /** Indexes of the rows to render, ascending. */
  first: number;
  last: number;
  totalPx: number;
  scrollToIndex(index: number, align?: 'auto' | 'center'): void;
}

export function useRowWindow(scroller: RefObject<HTMLElement | null>, count: number, rowPx: number, overscan = 20): RowWindow {
  // Until the observer reports the real size, the viewport's height bounds it (reading it
  // forces no layout).
  const [view, setView] = useState(() => ({ top: 0, height: typeof window === 'undefined' ? 800 : window.innerHeight }));
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const read = () => setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
    el.addEventListener('scroll', read, { passive: true });
    // The observer reports the size after the next layout; reading it here would force one
    // inside the render that mounts the table (the first paint of a kernel).
    const ro = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(read);
    if (ro) ro.observe(el);
    else read();
    return () => {
      el.removeEventListener('scroll', read);
      ro?.disconnect();
    };
  }, [scroller]);
  const first = Math.max(0, Math.floor(view.top / rowPx) - overscan);
  const last = Math.min(count - 1, Math.ceil((view.top + view.height) / rowPx) + overscan);
  const scrollToIndex = useCallback(
    (index: number, align: 'auto' | 'center' = 'auto') => {
      const el = scroller.current;
      if (!el) return;
      const top = index * rowPx;
      if (align === 'center') el.scrollTop = Math.max(0, top - (el.clientHeight - rowPx) / 2);
      else if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowPx > el.scrollTop + el.clientHeight) el.scrollTop = top + rowPx - el.clientHeight;
    },
    [scroller, rowPx],
  );
  return { first, last, totalPx: count * rowPx, scrollToIndex };
}
