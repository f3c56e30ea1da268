import { describe, expect, it } from 'vitest';
import { loadKernelFixture } from '../../test-utils/fixtures';
import { diffTypeView } from '../../worker/diff';
import { countMemberRows, isMovedOnly, visibleMemberRows } from './member-rows';

describe('changed members only (hide moved-only)', () => {
  it('cuts task_struct 6.1 → 6.12 to the members that truly changed', () => {
    const v = diffTypeView(loadKernelFixture('6.1'), loadKernelFixture('6.12'), 'struct:task_struct');
    const core = v.diffs[0]!.members!;
    // What truly changed, by core's own account: all but the members whose only aspect is 'moved'.
    const truly = core.filter((m) => !(m.change === 'changed' && m.aspects.length === 1 && m.aspects[0] === 'moved'));
    const shown = visibleMemberRows(v.aligned, true);
    const name = (r: (typeof shown)[number]) => r.after?.path ?? r.before!.path;
    expect(shown.map(name).sort()).toEqual(truly.map((m) => m.name).sort());
    expect(shown.every((r) => r.change !== 'same' && !isMovedOnly(r))).toBe(true);
    const counts = countMemberRows(v.aligned);
    expect(counts.movedOnly).toBeGreaterThan(50);
    expect(shown.length).toBe(counts.differ - counts.movedOnly);
    expect(shown.length).toBeLessThan(counts.differ / 3);
    // Off, every row shows.
    expect(visibleMemberRows(v.aligned, false)).toHaveLength(v.aligned.length);
  });
});
