import { TeamCache } from './team-cache';

const v = (version: number, label = `v${version}`) => ({ version, label });

describe('TeamCache', () => {
  it('answers nothing until the bus listens, and nothing while it is away', () => {
    const cache = new TeamCache<ReturnType<typeof v>>({ max: 10 });
    cache.store('t', v(1), cache.epoch);
    expect(cache.get('t')).toBeUndefined();
    cache.connected(true);
    cache.store('t', v(1), cache.epoch);
    expect(cache.get('t')).toEqual(v(1));
    cache.connected(false);
    expect(cache.get('t')).toBeUndefined();
    cache.connected(true);
    // what was held before the bus came back may have missed an announcement
    expect(cache.get('t')).toBeUndefined();
  });

  it.each([
    ['another instance announced a change', (c: TeamCache<ReturnType<typeof v>>) => c.changed('other-team', 5)],
    ['this instance wrote', (c: TeamCache<ReturnType<typeof v>>) => c.wrote('other-team')],
    ['the bus reconnected', (c: TeamCache<ReturnType<typeof v>>) => c.connected(true)],
  ])('does not keep a read that began before %s', (_what, happen) => {
    const cache = new TeamCache<ReturnType<typeof v>>({ max: 10, trusted: true });
    const epoch = cache.epoch;
    happen(cache);
    cache.store('t', v(1), epoch);
    expect(cache.get('t')).toBeUndefined();
  });

  it('drops an entry older than an announced version and keeps one as new or newer', () => {
    const cache = new TeamCache<ReturnType<typeof v>>({ max: 10, trusted: true });
    cache.store('old', v(1), cache.epoch);
    cache.store('same', v(2), cache.epoch);
    cache.changed('old', 2);
    cache.changed('same', 2);
    expect(cache.get('old')).toBeUndefined();
    expect(cache.get('same')).toEqual(v(2));
  });

  it('never replaces a newer version with an older read, nor the same version', () => {
    const cache = new TeamCache<ReturnType<typeof v>>({ max: 10, trusted: true });
    cache.store('t', v(3, 'first'), cache.epoch);
    cache.store('t', v(2), cache.epoch);
    cache.store('t', v(3, 'second'), cache.epoch);
    expect(cache.get('t')).toEqual(v(3, 'first'));
  });

  it('answers by a version the caller read itself, also while the bus is away', () => {
    const cache = new TeamCache<ReturnType<typeof v>>({ max: 10 });
    cache.store('t', v(4), cache.epoch);
    expect(cache.getAt('t', 4)).toEqual(v(4));
    expect(cache.getAt('t', 5)).toBeUndefined();
  });

  it('keeps at most max teams, dropping the least recently used', () => {
    const cache = new TeamCache<ReturnType<typeof v>>({ max: 2, trusted: true });
    cache.store('a', v(1), cache.epoch);
    cache.store('b', v(1), cache.epoch);
    cache.get('a');
    cache.store('c', v(1), cache.epoch);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([v(1), undefined, v(1)]);
    expect(cache.size).toBe(2);
  });
});
