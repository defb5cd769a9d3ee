import { DateTime } from 'luxon';
import { advisorAction, callEnded, eventId } from '../factories/activities';
import { startTestServer, uniqueTeamId, type TestServer } from '../support/server';

const ZONE = 'Europe/Berlin';

const STATS = `query($t: ID!, $since: DateTime!, $until: DateTime!, $interval: StatsInterval) {
  team(id: $t) { automationStats(since: $since, until: $until, interval: $interval) {
    totals { ...b } buckets { ...b }
  } }
}
fragment b on StatsBucket {
  start dispatched suppressed segments delivered failed
  byTrigger { trigger dispatched suppressed segments delivered failed }
  bySuppressionReason { reason count }
}`;

type Bucket = {
  start: string;
  dispatched: number;
  suppressed: number;
  segments: number;
  delivered: number;
  failed: number;
  byTrigger: {
    trigger: string;
    dispatched: number;
    suppressed: number;
    segments: number;
    delivered: number;
    failed: number;
  }[];
  bySuppressionReason: { reason: string; count: number }[];
};

type LogRow = {
  trigger: string;
  decision: string;
  suppressionReason: string | null;
  channel: string;
  segments: number;
  activityAt: string;
  delivery: { status: string } | null;
};

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

/** The figures counted the slow way: every row of the log, bucketed by local day in the test. */
function countOverTheLog(rows: LogRow[], starts: string[]): Bucket[] {
  const bucketOf = (r: LogRow) =>
    DateTime.fromISO(r.activityAt).setZone(ZONE).startOf('day').toUTC().toISO({ suppressMilliseconds: false });
  return starts.map((start) => {
    const inBucket = rows.filter((r) => bucketOf(r) === start);
    const figures = (rs: LogRow[]) => ({
      dispatched: rs.filter((r) => r.decision === 'DISPATCHED').length,
      suppressed: rs.filter((r) => r.decision === 'SUPPRESSED').length,
      segments: rs
        .filter((r) => r.decision === 'DISPATCHED' && r.channel === 'SMS')
        .reduce((n, r) => n + r.segments, 0),
      delivered: rs.filter((r) => ['DELIVERED', 'READ'].includes(r.delivery?.status ?? '')).length,
      failed: rs.filter((r) => ['UNDELIVERED', 'FAILED'].includes(r.delivery?.status ?? '')).length,
    });
    const triggers = [...new Set(inBucket.map((r) => r.trigger))].sort();
    const reasons = [...new Set(inBucket.flatMap((r) => (r.suppressionReason ? [r.suppressionReason] : [])))].sort();
    return {
      start,
      ...figures(inBucket),
      byTrigger: triggers.map((trigger) => ({ trigger, ...figures(inBucket.filter((r) => r.trigger === trigger)) })),
      bySuppressionReason: reasons.map((reason) => ({
        reason,
        count: inBucket.filter((r) => r.suppressionReason === reason).length,
      })),
    };
  });
}

const sorted = (b: Bucket): Bucket => ({
  ...b,
  start: new Date(b.start).toISOString(),
  byTrigger: [...b.byTrigger].sort((x, y) => x.trigger.localeCompare(y.trigger)),
  bySuppressionReason: [...b.bySuppressionReason].sort((x, y) => x.reason.localeCompare(y.reason)),
});

describe('Team.automationStats', () => {
  it('equals a count over the log for a mixed data set over two local days', async () => {
    const team = uniqueTeamId('stats');
    const service = await t.token({ role: 'SERVICE', teams: [team] });
    const admin = await t.token({ role: 'ADMIN', teams: [team] });
    const advisor = await t.token({ role: 'ADVISOR', teams: [team] });
    const saved = await t.gql(
      `mutation($i: UpdateChatSettingsInput!) { updateChatSettings(input: $i) { timeZone } }`,
      { i: { teamId: team, timeZone: ZONE } },
      admin,
    );
    expect(saved.errors).toBeUndefined();

    const today = DateTime.now().setZone(ZONE).startOf('day');
    const day1 = today.minus({ days: 2 });
    const day2 = today.minus({ days: 1 });
    // local 00:10 of day 2 is still day 1 in UTC: the bucket must follow the team's zone
    const at = (day: DateTime, h: number, m = 0) => day.plus({ hours: h, minutes: m }).toUTC().toISO()!;
    const call = async (phone: string, started: string, phase = 'RINGING') => {
      const res = await t.gql(
        `mutation($i: CallEndedInput!) { recordCallEnded(input: $i) { decision suppressionReason message { id decision } } }`,
        { i: callEnded(team, { phone, startedAt: started, occurredAt: started, endedDuring: phase }) },
        service,
      );
      expect(res.errors).toBeUndefined();
      return res.data!.recordCallEnded.message as { id: string; decision: string };
    };
    const deliver = async (messageId: string, status: string, occurredAt: string) => {
      const res = await t.gql(
        `mutation($i: DeliveryStatusInput!) { recordDeliveryStatus(input: $i) { id } }`,
        { i: { eventId: eventId('dlv'), teamId: team, messageId, status, occurredAt } },
        service,
      );
      expect(res.errors).toBeUndefined();
    };

    const optOut = await t.gql(
      `mutation { recordOptOut(input: { teamId: "${team}", phone: "+4930999999", channel: SMS }) }`,
      {},
      service,
    );
    expect(optOut.errors).toBeUndefined();

    // day 1: two hang-ups, the second within the cooldown; a missed call; an opted-out caller; WhatsApp
    const d1a = await call('+4930111111', at(day1, 9));
    const d1b = await call('+4930111111', at(day1, 9, 20)); // COOLDOWN
    const d1c = await call('+4930222222', at(day1, 11), 'VOICEMAIL_GREETING');
    await call('+4930999999', at(day1, 12)); // OPTED_OUT
    const wa = await t.gql(
      `mutation($i: AdvisorActionInput!) { recordAdvisorAction(input: $i) { message { id } } }`,
      { i: advisorAction(team, { occurredAt: at(day1, 13) }) },
      service,
    );
    expect(wa.errors).toBeUndefined();
    // day 2, just after local midnight (the previous UTC day)
    const d2a = await call('+4930333333', at(day2, 0, 10));
    const d2b = await call('+4930444444', at(day2, 15), 'VOICEMAIL_GREETING');
    await call('+4930444444', at(day2, 15, 30), 'VOICEMAIL_GREETING'); // COOLDOWN
    expect(d1b.decision).toBe('SUPPRESSED');

    const now = new Date().toISOString();
    await deliver(d1a.id, 'DELIVERED', now);
    await deliver(d1a.id, 'FAILED', now); // after DELIVERED: still delivered
    await deliver(d1c.id, 'UNDELIVERED', now);
    await deliver(d2a.id, 'FAILED', now);
    await deliver(d2a.id, 'READ', now); // moves from failed to delivered
    await deliver(d2b.id, 'SENT', now);
    await deliver(wa.data!.recordAdvisorAction.message.id, 'READ', now);

    const log = await t.gql(
      `query($t: ID!) { team(id: $t) { automatedMessages(first: 100) { nodes { trigger decision suppressionReason channel segments activityAt delivery { status } } } } }`,
      { t: team },
      admin,
    );
    const rows = log.data!.team.automatedMessages.nodes as LogRow[];
    expect(rows).toHaveLength(8);

    const res = await t.gql(STATS, { t: team, since: at(day1, 5), until: at(today, 0), interval: 'DAY' }, advisor);
    expect(res.errors).toBeUndefined();
    const stats = res.data!.team.automationStats as { totals: Bucket; buckets: Bucket[] };
    const starts = [day1, day2].map((d) => d.toUTC().toISO()!);
    const expected = countOverTheLog(rows, starts);
    expect(stats.buckets.map(sorted)).toEqual(expected.map(sorted));
    expect(sorted(stats.totals)).toEqual(
      sorted({
        ...countOverTheLog(
          rows.map((r) => ({ ...r, activityAt: at(day1, 1) })),
          [starts[0]],
        )[0],
      }),
    );
    // the data set has what the figures are about
    expect(stats.totals).toMatchObject({ dispatched: 5, suppressed: 3, delivered: 3, failed: 1 });
    expect(stats.totals.bySuppressionReason).toEqual([
      { reason: 'COOLDOWN', count: 2 },
      { reason: 'OPTED_OUT', count: 1 },
    ]);
    expect(stats.totals.segments).toBe(
      rows.filter((r) => r.decision === 'DISPATCHED' && r.channel === 'SMS').reduce((n, r) => n + r.segments, 0),
    );
    expect(stats.totals.segments).toBeGreaterThan(0);

    // HOUR buckets of day 2 in Berlin: 24 (or 23/25 on a DST day), empty ones listed too
    const hours = await t.gql(
      STATS,
      { t: team, since: at(day2, 0), until: day2.plus({ days: 1 }).toUTC().toISO(), interval: 'HOUR' },
      admin,
    );
    const hourly = hours.data!.team.automationStats.buckets as Bucket[];
    expect(hourly).toHaveLength(day2.plus({ days: 1 }).diff(day2, 'hours').hours);
    expect(hourly[0]).toMatchObject({ start: new Date(at(day2, 0)).toISOString(), dispatched: 1 });
    expect(hourly.filter((h) => h.dispatched + h.suppressed > 0)).toHaveLength(2);
  });

  it('puts activities into the local days of a zone three quarters of an hour off UTC (Asia/Kathmandu, +05:45)', async () => {
    const team = uniqueTeamId('stats');
    const service = await t.token({ role: 'SERVICE', teams: [team] });
    const admin = await t.token({ role: 'ADMIN', teams: [team] });
    await t.gql(
      `mutation($i: UpdateChatSettingsInput!) { updateChatSettings(input: $i) { timeZone } }`,
      { i: { teamId: team, timeZone: 'Asia/Kathmandu' } },
      admin,
    );
    const day = DateTime.now().setZone('Asia/Kathmandu').startOf('day').minus({ days: 1 });
    // 00:05 and 23:55 local: the same local day, but 18:20 UTC the day before and 18:10 UTC of the day
    for (const at of [day.plus({ minutes: 5 }), day.plus({ hours: 23, minutes: 55 }), day.minus({ minutes: 5 })]) {
      const res = await t.gql(
        `mutation($i: AdvisorActionInput!) { recordAdvisorAction(input: $i) { decision } }`,
        { i: advisorAction(team, { occurredAt: at.toUTC().toISO() }) },
        service,
      );
      expect(res.errors).toBeUndefined();
    }
    const res = await t.gql(
      STATS,
      {
        t: team,
        since: day.minus({ days: 1 }).toUTC().toISO(),
        until: day.plus({ days: 1 }).toUTC().toISO(),
        interval: 'DAY',
      },
      admin,
    );
    expect(res.errors).toBeUndefined();
    const buckets = res.data!.team.automationStats.buckets as Bucket[];
    expect(buckets.map((b) => [b.start, b.dispatched])).toEqual([
      [day.minus({ days: 1 }).toUTC().toISO(), 1],
      [day.toUTC().toISO(), 2],
    ]);
  });

  it('lists every bucket of the range, empty ones too, and refuses more than 2,000 with BAD_USER_INPUT', async () => {
    const team = uniqueTeamId('stats');
    const advisor = await t.token({ role: 'ADVISOR', teams: [team] });
    const since = '2026-01-01T00:00:00Z';
    const hoursLater = (n: number) => new Date(Date.parse(since) + n * 3_600_000).toISOString();
    const ok = await t.gql(STATS, { t: team, since, until: hoursLater(2000), interval: 'HOUR' }, advisor);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.team.automationStats.buckets).toHaveLength(2000);
    expect(ok.data!.team.automationStats.totals).toMatchObject({
      dispatched: 0,
      byTrigger: [],
      bySuppressionReason: [],
    });
    const tooMany = await t.gql(STATS, { t: team, since, until: hoursLater(2001), interval: 'HOUR' }, advisor);
    expect(tooMany.data).toBeNull();
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_BUCKETS' });
  });

  it("refuses another team's figures with FORBIDDEN", async () => {
    const stranger = await t.token({ role: 'ADMIN', teams: ['someone-else'] });
    const res = await t.gql(
      STATS,
      { t: uniqueTeamId('stats'), since: '2026-01-01T00:00:00Z', until: '2026-01-02T00:00:00Z' },
      stranger,
    );
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
