import { readCounter, startTestServer, uniqueTeamId, type TestServer } from '../support/server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

const PLAN = `id name enabled timeZone kind validFrom validUntil windows { day opens closes } createdAt updatedAt`;
const STATUS = `at open ringPlan { id name kind } nextChangeAt nextOpeningAt`;
const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'];

const officeHours = (teamId: string, overrides: Record<string, unknown> = {}) => ({
  teamId,
  name: 'Office hours',
  timeZone: 'Europe/Berlin',
  windows: WEEKDAYS.map((day) => ({ day, opens: '08:00', closes: '17:00' })),
  ...overrides,
});

async function admin(team: string) {
  return t.token({ sub: `admin-of-${team}`, role: 'ADMIN', teams: [team] });
}

function create(token: string, input: Record<string, unknown>) {
  return t.gql(
    `mutation($input: CreateRingPlanInput!) { createRingPlan(input: $input) { ${PLAN} } }`,
    { input },
    token,
  );
}

function update(token: string, input: Record<string, unknown>) {
  return t.gql(
    `mutation($input: UpdateRingPlanInput!) { updateRingPlan(input: $input) { ${PLAN} } }`,
    { input },
    token,
  );
}

function remove(token: string | null, id: string) {
  return t.gql(`mutation($id: ID!) { deleteRingPlan(id: $id) }`, { id }, token);
}

async function created(token: string, input: Record<string, unknown>) {
  const res = await create(token, input);
  expect(res.errors).toBeUndefined();
  return res.data!.createRingPlan;
}

async function plans(token: string, team: string) {
  const res = await t.gql(`query($team: ID!) { team(id: $team) { ringPlans { ${PLAN} } } }`, { team }, token);
  expect(res.errors).toBeUndefined();
  return res.data!.team.ringPlans;
}

async function businessHours(token: string, team: string, at?: string) {
  const res = await t.gql(
    `query($team: ID!, $at: DateTime) { team(id: $team) { businessHours(at: $at) { ${STATUS} } } }`,
    { team, at },
    token,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.team.businessHours;
}

/** What is in the database, bypassing the API. */
async function stored(team: string) {
  const [row] = await t.server.dataSource.query(
    `SELECT (SELECT count(*)::int FROM ring_plan WHERE team_id = $1) AS plans,
            (SELECT ring_plans_version FROM team WHERE id = $1) AS version`,
    [team],
  );
  return row as { plans: number; version: number | null };
}

describe('creating, changing and deleting', () => {
  it('round-trips a plan and bumps the team version with every change', async () => {
    const team = uniqueTeamId();
    const token = await admin(team);
    const plan = await created(
      token,
      officeHours(team, {
        name: '  Office hours  ',
        timeZone: 'europe/berlin',
        validFrom: '2026-01-01',
        validUntil: '2026-12-31',
      }),
    );
    expect(plan).toMatchObject({
      name: 'Office hours',
      enabled: true,
      timeZone: 'Europe/Berlin',
      kind: 'OPEN',
      validFrom: '2026-01-01',
      validUntil: '2026-12-31',
      windows: WEEKDAYS.map((day) => ({ day, opens: '08:00', closes: '17:00' })),
    });
    expect(plan.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(plan.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await plans(token, team)).toEqual([plan]);

    // absent fields stay, null clears a validity bound
    const res = await update(token, { id: plan.id, name: 'Winter hours', validUntil: null, kind: 'CLOSED' });
    expect(res.errors).toBeUndefined();
    const changed = res.data!.updateRingPlan;
    expect(changed).toMatchObject({
      id: plan.id,
      name: 'Winter hours',
      kind: 'CLOSED',
      validFrom: '2026-01-01',
      validUntil: null,
    });
    expect(changed.windows).toEqual(plan.windows);
    expect(changed.createdAt).toBe(plan.createdAt);
    expect(new Date(changed.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(plan.updatedAt).getTime());
    expect(await plans(token, team)).toEqual([changed]);

    const whole = await update(token, { id: plan.id, windows: [], enabled: false });
    expect(whole.data!.updateRingPlan).toMatchObject({ windows: [], enabled: false, name: 'Winter hours' });

    expect((await remove(token, plan.id)).data).toEqual({ deleteRingPlan: plan.id });
    expect(await plans(token, team)).toEqual([]);
    expect(await stored(team)).toEqual({ plans: 0, version: 4 });

    const again = await remove(token, plan.id);
    expect(again.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'RING_PLAN_NOT_FOUND' });
    const again2 = await update(token, { id: plan.id, name: 'Ghost' });
    expect(again2.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect((await remove(token, 'not-a-uuid')).errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it('lists plans in creation order', async () => {
    const team = uniqueTeamId();
    const token = await admin(team);
    for (const name of ['A', 'B', 'C']) await created(token, officeHours(team, { name }));
    expect((await plans(token, team)).map((p: { name: string }) => p.name)).toEqual(['A', 'B', 'C']);
  });
});

describe('validation', () => {
  const weekday = (opens: string, closes: string) => [{ day: 'MONDAY', opens, closes }];

  it.each([
    ['an impossible time', { windows: weekday('25:00', '26:00') }, 'RING_PLAN_INVALID_TIME', 'windows[0].opens'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'RING_PLAN_INVALID_TIME_ZONE', 'timeZone'],
    [
      'validFrom after validUntil',
      { validFrom: '2026-12-31', validUntil: '2026-01-01' },
      'RING_PLAN_INVALID_VALIDITY',
      'validUntil',
    ],
    [
      'overlapping windows',
      { windows: [...weekday('08:00', '12:00'), ...weekday('11:00', '17:00')] },
      'RING_PLAN_OVERLAPPING_WINDOWS',
      'windows[1]',
    ],
    ['a blank name', { name: '   ' }, 'RING_PLAN_INVALID_NAME', 'name'],
    [
      'a window that opens when it closes',
      { windows: weekday('08:00', '08:00') },
      'RING_PLAN_EMPTY_WINDOW',
      'windows[0].closes',
    ],
  ])(
    'rejects %s with BAD_USER_INPUT naming the field, and writes nothing',
    async (_label, overrides, reason, field) => {
      const team = uniqueTeamId();
      const token = await admin(team);
      const res = await create(token, officeHours(team, overrides));
      expect(res.data).toBeNull();
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason, field });
      expect(await plans(token, team)).toEqual([]);
      expect(await stored(team)).toEqual({ plans: 0, version: null });
    },
  );

  it('refuses an impossible date such as 2026-02-30 before anything runs', async () => {
    const team = uniqueTeamId();
    const res = await create(await admin(team), officeHours(team, { validFrom: '2026-02-30' }));
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/YYYY-MM-DD.*2026-02-30/);
    expect(await stored(team)).toEqual({ plans: 0, version: null });
    const at = await t.gql(
      `query($team: ID!, $at: DateTime) { team(id: $team) { businessHours(at: $at) { open } } }`,
      {
        team,
        at: 'tomorrow',
      },
      await admin(team),
    );
    expect(at.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('checks validFrom ≤ validUntil against the stored plan after a partial update', async () => {
    const team = uniqueTeamId();
    const token = await admin(team);
    const plan = await created(token, officeHours(team, { validFrom: '2026-01-01', validUntil: '2026-06-30' }));
    const res = await update(token, { id: plan.id, validFrom: '2026-07-01' });
    expect(res.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'RING_PLAN_INVALID_VALIDITY',
      field: 'validUntil',
    });
    const badTime = await update(token, { id: plan.id, windows: [{ day: 'SUNDAY', opens: '9:00', closes: '12:00' }] });
    expect(badTime.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'windows[0].opens' });
    expect(await plans(token, team)).toEqual([plan]);
    expect(await stored(team)).toEqual({ plans: 1, version: 1 });
  });

  it('rejects the 26th plan of a team', async () => {
    const team = uniqueTeamId();
    const token = await admin(team);
    for (let i = 1; i <= 25; i += 1) await created(token, officeHours(team, { name: `Plan ${i}` }));
    const res = await create(token, officeHours(team, { name: 'Plan 26' }));
    expect(res.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'RING_PLAN_LIMIT_REACHED',
      max: 25,
    });
    expect(res.errors![0].message).toMatch(/25/);
    expect(await stored(team)).toEqual({ plans: 25, version: 25 });
  });

  it('keeps the limit when 30 creates race', async () => {
    const team = uniqueTeamId();
    const token = await admin(team);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => create(token, officeHours(team, { name: `Race ${i}` }))),
    );
    const refused = results.filter((r) => r.errors);
    expect(results.filter((r) => !r.errors)).toHaveLength(25);
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r.errors![0].extensions!.reason).toBe('RING_PLAN_LIMIT_REACHED');
    expect(await stored(team)).toEqual({ plans: 25, version: 25 });
  });
});

describe('access', () => {
  it('lets an advisor read but not create, change or delete', async () => {
    const team = uniqueTeamId();
    const plan = await created(await admin(team), officeHours(team));
    const advisor = await t.token({ role: 'ADVISOR', teams: [team] });
    expect(await plans(advisor, team)).toEqual([plan]);
    expect((await businessHours(advisor, team, '2026-03-11T10:00:00Z')).open).toBe(true);
    expect((await create(advisor, officeHours(team))).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await update(advisor, { id: plan.id, name: 'Nope' })).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await remove(advisor, plan.id)).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(await stored(team)).toEqual({ plans: 1, version: 1 });
  });

  it("does not let an admin of another team read, change or delete a team's plans", async () => {
    const team = uniqueTeamId();
    const plan = await created(await admin(team), officeHours(team));
    const outsider = await admin(uniqueTeamId());

    const changed = await update(outsider, { id: plan.id, name: 'Hijacked' });
    expect(changed.data).toBeNull();
    expect(changed.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(JSON.stringify(changed)).not.toContain('Office hours');
    expect((await remove(outsider, plan.id)).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await create(outsider, officeHours(team))).errors![0].extensions!.code).toBe('FORBIDDEN');

    for (const field of ['ringPlans { id name }', 'businessHours { open }', 'ringPlansICalendar']) {
      const read = await t.gql(`query($team: ID!) { team(id: $team) { ${field} } }`, { team }, outsider);
      expect(read.data).toBeNull();
      expect(read.errors![0].extensions!.code).toBe('FORBIDDEN');
    }
    const entities = await t.gql(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Team { id ringPlans { id name } } } }`,
      { reps: [{ __typename: 'Team', id: team }] },
      outsider,
    );
    expect(entities.data!._entities).toEqual([null]);
    expect(entities.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(await plans(await admin(team), team)).toEqual([plan]);
  });

  it('answers UNAUTHENTICATED without a token, also for an unknown plan id', async () => {
    const team = uniqueTeamId();
    const plan = await created(await admin(team), officeHours(team));
    expect((await remove(null, plan.id)).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect((await remove(null, '00000000-0000-4000-8000-000000000000')).errors![0].extensions!.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await create('', officeHours(team))).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a malformed team id', async () => {
    const res = await create(await t.token({ role: 'ADMIN', teams: ['bad team id!'] }), officeHours('bad team id!'));
    expect(res.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_TEAM_ID',
      field: 'teamId',
    });
  });
});

describe('business hours', () => {
  it('is open all the time for a team without ring plans', async () => {
    const team = uniqueTeamId();
    expect(await businessHours(await admin(team), team, '2026-03-15T03:00:00Z')).toEqual({
      at: '2026-03-15T03:00:00.000Z',
      open: true,
      ringPlan: null,
      nextChangeAt: null,
      nextOpeningAt: null,
    });
  });

  it('follows a Berlin weekday plan, across the change to summer time', async () => {
    const team = uniqueTeamId();
    const token = await admin(team);
    const plan = await created(token, officeHours(team));
    const office = { id: plan.id, name: 'Office hours', kind: 'OPEN' };

    // Wednesday 11:00 CET
    expect(await businessHours(token, team, '2026-03-11T10:00:00Z')).toEqual({
      at: '2026-03-11T10:00:00.000Z',
      open: true,
      ringPlan: office,
      nextChangeAt: '2026-03-11T16:00:00.000Z',
      nextOpeningAt: '2026-03-12T07:00:00.000Z',
    });
    // Friday 19:00 CET: closed over the weekend, reopening Monday 08:00 CET
    expect(await businessHours(token, team, '2026-03-13T18:00:00Z')).toEqual({
      at: '2026-03-13T18:00:00.000Z',
      open: false,
      ringPlan: null,
      nextChangeAt: '2026-03-16T07:00:00.000Z',
      nextOpeningAt: '2026-03-16T07:00:00.000Z',
    });
    // Friday before the switch to CEST (Sunday 29 March): Monday 08:00 is 06:00 UTC
    expect(await businessHours(token, team, '2026-03-27T17:00:00Z')).toMatchObject({
      open: false,
      nextOpeningAt: '2026-03-30T06:00:00.000Z',
    });
  });

  it('lets a CLOSED holiday overlay created later win, and the older plan is live again after it', async () => {
    const team = uniqueTeamId();
    const token = await admin(team);
    const office = await created(token, officeHours(team));
    const easter = await created(token, {
      teamId: team,
      name: 'Easter',
      timeZone: 'Europe/Berlin',
      kind: 'CLOSED',
      validFrom: '2026-04-03',
      validUntil: '2026-04-06',
      windows: [],
    });

    // Thursday 2 April 18:00 CEST: closed for the evening, and the holiday keeps it closed until Tuesday
    expect(await businessHours(token, team, '2026-04-02T16:00:00Z')).toEqual({
      at: '2026-04-02T16:00:00.000Z',
      open: false,
      ringPlan: null,
      nextChangeAt: '2026-04-07T06:00:00.000Z',
      nextOpeningAt: '2026-04-07T06:00:00.000Z',
    });
    // Good Friday noon: the overlay wins over the weekday plan
    expect(await businessHours(token, team, '2026-04-03T10:00:00Z')).toEqual({
      at: '2026-04-03T10:00:00.000Z',
      open: false,
      ringPlan: { id: easter.id, name: 'Easter', kind: 'CLOSED' },
      nextChangeAt: '2026-04-07T06:00:00.000Z',
      nextOpeningAt: '2026-04-07T06:00:00.000Z',
    });
    // Tuesday after Easter: the weekday plan is live again
    expect(await businessHours(token, team, '2026-04-07T08:00:00Z')).toEqual({
      at: '2026-04-07T08:00:00.000Z',
      open: true,
      ringPlan: { id: office.id, name: 'Office hours', kind: 'OPEN' },
      nextChangeAt: '2026-04-07T15:00:00.000Z',
      nextOpeningAt: '2026-04-08T06:00:00.000Z',
    });
  });

  it('answers with the changed plans right after an update or delete', async () => {
    const team = uniqueTeamId();
    const token = await admin(team);
    const plan = await created(token, officeHours(team));
    const at = '2026-03-11T10:00:00Z'; // Wednesday 11:00 CET
    expect((await businessHours(token, team, at)).open).toBe(true);

    await update(token, { id: plan.id, windows: WEEKDAYS.map((day) => ({ day, opens: '12:00', closes: '17:00' })) });
    expect(await businessHours(token, team, at)).toMatchObject({
      open: false,
      nextOpeningAt: '2026-03-11T11:00:00.000Z',
    });

    await update(token, { id: plan.id, enabled: false });
    expect(await businessHours(token, team, at)).toMatchObject({
      open: false,
      nextChangeAt: null,
      nextOpeningAt: null,
    });

    await remove(token, plan.id);
    expect(await businessHours(token, team, at)).toMatchObject({ open: true, ringPlan: null });
  });

  it('evaluates now when no instant is given', async () => {
    const team = uniqueTeamId();
    const before = Date.now();
    const status = await businessHours(await admin(team), team);
    expect(new Date(status.at).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(status.at).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });
});

describe('iCalendar export', () => {
  it('exports the plans as weekly events in the plan zone', async () => {
    const team = uniqueTeamId();
    const token = await admin(team);
    await created(token, officeHours(team, { windows: [{ day: 'MONDAY', opens: '08:00', closes: '17:00' }] }));
    const res = await t.gql(`query($team: ID!) { team(id: $team) { ringPlansICalendar } }`, { team }, token);
    expect(res.errors).toBeUndefined();
    const ics: string = res.data!.team.ringPlansICalendar;
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r?\n/);
    expect(ics).toContain('BEGIN:VTIMEZONE');
    expect(ics).toContain('TZID:Europe/Berlin');
    expect(ics).toMatch(/DTSTART;TZID=Europe\/Berlin:\d{8}T080000/);
    expect(ics).toContain('RRULE:FREQ=WEEKLY;BYDAY=MO');
    expect(ics).toContain('SUMMARY:Office hours');
  });
});

describe('federation', () => {
  it('resolves ring plans and business hours of many teams through _entities in one statement', async () => {
    const query = `query($reps: [_Any!]!, $at: DateTime) { _entities(representations: $reps) { ... on Team {
      id ringPlans { name } businessHours(at: $at) { open ringPlan { name } } ringPlansICalendar } } }`;
    const service = await t.token({ role: 'SERVICE', teams: ['*'] });
    async function statementsFor(n: number) {
      const teams = Array.from({ length: n }, () => uniqueTeamId('rp-batch'));
      for (const [i, team] of teams.entries()) {
        if (i % 2 === 0) await created(await admin(team), officeHours(team, { name: `Hours of ${i}` }));
      }
      const before = await readCounter(t, 'db_statements_total');
      const res = await t.gql(
        query,
        { reps: teams.map((id) => ({ __typename: 'Team', id })), at: '2026-03-11T10:00:00Z' },
        service,
      );
      const after = await readCounter(t, 'db_statements_total');
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities.map((e: { id: string }) => e.id)).toEqual(teams);
      res.data!._entities.forEach((e: any, i: number) => {
        expect(e.ringPlans).toEqual(i % 2 === 0 ? [{ name: `Hours of ${i}` }] : []);
        expect(e.businessHours).toEqual({ open: true, ringPlan: i % 2 === 0 ? { name: `Hours of ${i}` } : null });
        expect(e.ringPlansICalendar).toContain('BEGIN:VCALENDAR');
      });
      return after - before;
    }
    expect(await statementsFor(1)).toBe(1);
    expect(await statementsFor(12)).toBe(1);
  });
});
