import fc from 'fast-check';
import {
  applyDeliveryReport,
  DELIVERY_STATUSES,
  NO_DELIVERY_REPORTS,
  outcomeOf,
  statusOf,
  type DeliveryReport,
  type DeliveryState,
} from './delivery-status';

const base = Date.UTC(2026, 5, 1, 12);

/** Reports with unique eventIds; times drawn from a small range so equal times (ties) are common. */
const reports = fc.uniqueArray(
  fc.record({
    eventId: fc.string({ minLength: 1, maxLength: 4 }),
    status: fc.constantFrom(...DELIVERY_STATUSES),
    occurredAt: fc.integer({ min: 0, max: 5 }).map((s) => new Date(base + s * 1000)),
    errorCode: fc.option(fc.constantFrom('30003', '30005'), { nil: null }),
  }),
  { selector: (r) => r.eventId, minLength: 1, maxLength: 8 },
);

const fold = (rs: readonly DeliveryReport[]): DeliveryState =>
  rs.reduce((s, r) => applyDeliveryReport(s, r).state, NO_DELIVERY_REPORTS);

describe('the ranking rule (PRODUCT.md §11)', () => {
  it('ends in the same status, the same current report and the same history for every arrival order', () => {
    fc.assert(
      fc.property(
        reports.chain((rs) =>
          fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length, maxLength: rs.length })),
        ),
        ([inOrder, shuffled]) => {
          const a = fold(inOrder);
          const b = fold(shuffled);
          expect(statusOf(b)).toBe(statusOf(a));
          expect(b.current).toEqual(a.current);
          expect(b.history).toEqual(a.history);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is unaffected by a report arriving twice', () => {
    fc.assert(
      fc.property(reports, fc.nat(), (rs, i) => {
        const again = rs[i % rs.length];
        expect(fold([...rs, again])).toEqual(fold(rs));
      }),
    );
  });

  it('keeps the history in occurredAt order with every report in it', () => {
    fc.assert(
      fc.property(reports, (rs) => {
        const { history } = fold(rs);
        expect(history).toHaveLength(rs.length);
        const times = history.map((r) => r.occurredAt.getTime());
        expect(times).toEqual([...times].sort((x, y) => x - y));
      }),
    );
  });

  it.each([
    [['SENT', 'DELIVERED'], 'DELIVERED'],
    [['DELIVERED', 'SENT'], 'DELIVERED'],
    [['DELIVERED', 'FAILED'], 'DELIVERED'],
    [['READ', 'DELIVERED'], 'READ'],
    [['QUEUED', 'UNDELIVERED', 'SENT'], 'UNDELIVERED'],
  ] as const)('%j ends %s', (statuses, expected) => {
    const rs = statuses.map((status, i) => ({ eventId: `e${i}`, status, occurredAt: new Date(base + i * 1000) }));
    expect(statusOf(fold(rs))).toBe(expected);
  });

  it('takes the later report of two with the same rank (FAILED after UNDELIVERED)', () => {
    const s = fold([
      { eventId: 'b', status: 'FAILED', occurredAt: new Date(base + 2000), errorCode: '30005' },
      { eventId: 'a', status: 'UNDELIVERED', occurredAt: new Date(base + 1000), errorCode: '30003' },
    ]);
    expect(s.current).toMatchObject({ status: 'FAILED', errorCode: '30005' });
  });

  it.each([
    ['DELIVERED', 'DELIVERED'],
    ['READ', 'DELIVERED'],
    ['UNDELIVERED', 'FAILED'],
    ['FAILED', 'FAILED'],
    ['SENT', null],
    ['PENDING', null],
  ] as const)('%s counts as %s in the figures', (status, outcome) => {
    expect(outcomeOf(status)).toBe(outcome);
  });
});
