import { pageKeyOf, pagesInKeyOrder } from './loader';

describe('pagesInKeyOrder', () => {
  const page = (teamId: string, first: number) => ({ items: [`${teamId}:${first}`], hasNextPage: false });

  it('reads once per distinct page, with each team once, and answers in key order', async () => {
    const reads: [string[], { first: number }][] = [];
    const read = async (teamIds: string[], options: { first: number }) => {
      reads.push([teamIds, options]);
      return new Map(teamIds.map((id) => [id, page(id, options.first)]));
    };
    const keys = [
      { teamId: 'a', first: 5 },
      { teamId: 'b', first: 5 },
      { teamId: 'a', first: 1 },
      { teamId: 'a', first: 5 },
    ];
    expect(await pagesInKeyOrder(keys, read)).toEqual([page('a', 5), page('b', 5), page('a', 1), page('a', 5)]);
    expect(reads).toEqual([
      [['a', 'b'], { first: 5 }],
      [['a'], { first: 1 }],
    ]);
  });

  it('answers an empty page for a team the read did not return', async () => {
    expect(await pagesInKeyOrder([{ teamId: 'gone', first: 2 }], async () => new Map())).toEqual([
      { items: [], hasNextPage: false },
    ]);
  });

  it.each([
    [{ teamId: 'a', first: 5, after: null }, { teamId: 'a', first: 5, after: null }, true],
    [{ teamId: 'a', first: 5, after: null }, { teamId: 'b', first: 5, after: null }, false],
    [{ teamId: 'a', first: 5, after: null }, { teamId: 'a', first: 5, after: 3 }, false],
  ])('keys %j and %j share a cache entry: %s', (x, y, same) => {
    expect(pageKeyOf(x) === pageKeyOf(y)).toBe(same);
  });
});
