import { TRIGGERS } from '../../src/domain/chat-settings/triggers';
import { readCounter, startTestServer, uniqueTeamId, type TestServer } from '../support/server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

const SETTINGS = `
  senderIdentity companyName teamName senderName createMissedCallTickets ringLastAdvisor timeZone defaultLocale
  voiceHubUrl version updatedAt
`;

async function admin(team: string) {
  return t.token({ sub: `admin-of-${team}`, role: 'ADMIN', teams: [team] });
}

async function save(token: string, input: Record<string, unknown>) {
  return t.gql(
    `mutation($input: UpdateChatSettingsInput!) { updateChatSettings(input: $input) { ${SETTINGS} } }`,
    { input },
    token,
  );
}

async function read(token: string, team: string, selection = SETTINGS) {
  const res = await t.gql(`{ team(id: "${team}") { chatSettings { ${selection} } } }`, {}, token);
  expect(res.errors).toBeUndefined();
  return res.data!.team.chatSettings;
}

describe('reading the automated responses', () => {
  it('lists all fourteen triggers in the order of the admin page, with defaults', async () => {
    const team = uniqueTeamId();
    const settings = await read(
      await admin(team),
      team,
      `automatedResponses { trigger label channels enabled template defaultTemplate isCustomized cooldownMinutes
         placeholders { name sample } optionalElements { key enabled text } }`,
    );
    expect(settings.automatedResponses.map((r: { trigger: string }) => r.trigger)).toEqual([...TRIGGERS]);
    for (const r of settings.automatedResponses) {
      expect(r.template).toBe(r.defaultTemplate);
      expect(r.isCustomized).toBe(false);
      expect(r.placeholders.map((p: { name: string }) => p.name)).toContain('senderName');
    }
    const byTrigger = Object.fromEntries(settings.automatedResponses.map((r: { trigger: string }) => [r.trigger, r]));
    expect(byTrigger.AFTER_HOURS_MESSAGE.channels).toEqual(['SMS', 'WHATSAPP']);
    expect(byTrigger.MISSED_CALL.cooldownMinutes).toBe(60);
    expect(byTrigger.PAYMENT_REQUESTED.cooldownMinutes).toBe(0);
  });

  it.each(['en', 'de'])(
    'previews every default in %s within one GSM-7 segment and without a placeholder left',
    async (locale) => {
      const team = uniqueTeamId();
      const settings = await read(
        await admin(team),
        team,
        `automatedResponses { trigger preview(locale: "${locale}") { text length encoding segments locale } }`,
      );
      for (const r of settings.automatedResponses) {
        expect(r.preview.locale).toBe(locale);
        expect(r.preview.text).not.toMatch(/\{\{|\}\}/);
        expect(r.preview).toMatchObject({ encoding: 'GSM_7', segments: 1 });
        expect(r.preview.length).toBe([...r.preview.text].length);
      }
    },
  );

  it('previews with given values, and one emoji switches to UCS-2', async () => {
    const team = uniqueTeamId();
    const token = await admin(team);
    const res = await t.gql(
      `query($v: JSON) { team(id: "${team}") { chatSettings { automatedResponse(trigger: FIRST_CHAT_MESSAGE) {
         preview(locale: "en", values: $v) { text encoding segments } } } } }`,
      { v: { customerName: 'Zoë 🙂', senderName: 'Autohaus Süd' } },
      token,
    );
    expect(res.errors).toBeUndefined();
    const preview = res.data!.team.chatSettings.automatedResponse.preview;
    expect(preview.text).toContain('Zoë 🙂');
    expect(preview.text).toContain('Autohaus Süd');
    expect(preview.encoding).toBe('UCS_2');
  });
});

describe('saving', () => {
  it('saves everything at once, bumps the version by one and records who changed what', async () => {
    const team = uniqueTeamId();
    const token = await admin(team);
    const res = await save(token, {
      teamId: team,
      expectedVersion: 0,
      senderIdentity: 'TEAM_NAME',
      companyName: 'Autohaus Müller GmbH',
      teamName: 'Service Desk',
      createMissedCallTickets: true,
      ringLastAdvisor: true,
      timeZone: 'America/New_York',
      defaultLocale: 'de',
      voiceHubUrl: 'https://voicehub.example.com/mueller',
      automatedResponses: [
        { trigger: 'MISSED_CALL', enabled: false, cooldownMinutes: 30 },
        { trigger: 'FIRST_CHAT_MESSAGE', locale: 'en', template: 'Hi {{customerName|there}}, {{senderName}} here!' },
      ],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateChatSettings).toMatchObject({
      senderIdentity: 'TEAM_NAME',
      senderName: 'Service Desk',
      timeZone: 'America/New_York',
      defaultLocale: 'de',
      version: 1,
      createMissedCallTickets: true,
      ringLastAdvisor: true,
    });
    expect(res.data!.updateChatSettings.updatedAt).toEqual(expect.any(String));

    const after = await read(
      token,
      team,
      `version automatedResponse(trigger: FIRST_CHAT_MESSAGE, locale: "en") { template isCustomized }
       missed: automatedResponse(trigger: MISSED_CALL) { enabled cooldownMinutes }
       history { edges { node { version actor changes { field from to } } } }`,
    );
    expect(after.automatedResponse).toEqual({
      template: 'Hi {{customerName|there}}, {{senderName}} here!',
      isCustomized: true,
    });
    expect(after.missed).toEqual({ enabled: false, cooldownMinutes: 30 });
    const [entry] = after.history.edges.map((e: { node: unknown }) => e.node);
    expect(entry.version).toBe(1);
    expect(entry.actor).toBe(`admin-of-${team}`);
    expect(entry.changes).toEqual(
      expect.arrayContaining([
        { field: 'timeZone', from: 'Europe/Berlin', to: 'America/New_York' },
        { field: 'automatedResponses.MISSED_CALL.enabled', from: true, to: false },
        { field: 'automatedResponses.MISSED_CALL.cooldownMinutes', from: 60, to: 30 },
        expect.objectContaining({ field: 'automatedResponses.FIRST_CHAT_MESSAGE.template.en' }),
      ]),
    );
  });

  it.each([
    ['an unknown placeholder', 'Hi {{costumerName}}!', 'TEMPLATE_UNKNOWN_PLACEHOLDER', /costumerName.*customerName/s],
    ['unclosed braces', 'Hi {{customerName, we missed you', 'TEMPLATE_UNCLOSED_PLACEHOLDER', /\{\{/],
    ['an empty template', '   ', 'TEMPLATE_EMPTY', /empty/i],
    ['an over-long template', 'x'.repeat(1001), 'TEMPLATE_TOO_LONG', /1,?000/],
  ])('rejects %s with BAD_USER_INPUT and saves nothing', async (_name, template, reason, message) => {
    const team = uniqueTeamId();
    const token = await admin(team);
    const res = await save(token, {
      teamId: team,
      companyName: 'Should not be saved',
      automatedResponses: [{ trigger: 'MISSED_CALL', template }],
    });
    expect(res.data).toBeNull();
    const err = res.errors![0];
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
    expect(err.message).toMatch(message);
    expect(err.extensions!.allowedPlaceholders).toEqual(expect.arrayContaining(['customerName', 'senderName']));
    const after = await read(token, team, 'version companyName history { edges { cursor } }');
    expect(after).toEqual({ version: 0, companyName: null, history: { edges: [] } });
  });

  it('rejects an invalid time zone, locale and URL together, naming each field', async () => {
    const team = uniqueTeamId();
    const token = await admin(team);
    const res = await save(token, {
      teamId: team,
      timeZone: 'Mars/Olympus',
      defaultLocale: 'fr',
      voiceHubUrl: 'http://insecure.example.com',
    });
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const fields = res.errors![0].extensions!.problems.map((p: { field: string }) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['timeZone', 'defaultLocale', 'voiceHubUrl']));
    expect((await read(token, team, 'version')).version).toBe(0);
  });

  it('answers a stale expectedVersion with CONFLICT and saves nothing', async () => {
    const team = uniqueTeamId();
    const token = await admin(team);
    expect((await save(token, { teamId: team, expectedVersion: 0, teamName: 'A' })).errors).toBeUndefined();
    const stale = await save(token, { teamId: team, expectedVersion: 0, teamName: 'B' });
    expect(stale.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'STALE_VERSION' });
    expect(await read(token, team, 'version teamName')).toEqual({ version: 1, teamName: 'A' });
  });

  it('lets exactly one of many concurrent saves with the same expectedVersion win', async () => {
    const team = uniqueTeamId();
    const token = await admin(team);
    await read(token, team, 'version');
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => save(token, { teamId: team, expectedVersion: 0, teamName: `Team ${i}` })),
    );
    const winners = results.filter((r) => !r.errors);
    const losers = results.filter((r) => r.errors);
    expect(winners).toHaveLength(1);
    expect(losers.every((r) => r.errors![0].extensions!.code === 'CONFLICT')).toBe(true);
    const final = await read(token, team, 'version teamName history { edges { cursor } }');
    expect(final.version).toBe(1);
    expect(final.teamName).toBe(winners[0].data!.updateChatSettings.teamName);
    expect(final.history.edges).toHaveLength(1);
  });

  it('switches a trigger off and resets a customised response to its default', async () => {
    const team = uniqueTeamId();
    const token = await admin(team);
    await save(token, {
      teamId: team,
      automatedResponses: [
        {
          trigger: 'AFTER_HOURS_CALL',
          locale: 'en',
          template: 'Closed, sorry. {{senderName}}',
          cooldownMinutes: 5,
          optionalElements: [{ key: 'includeNextOpeningTime', enabled: false }],
        },
      ],
    });
    const off = await t.gql(
      `mutation { setAutomatedResponseEnabled(teamId: "${team}", trigger: AFTER_HOURS_CALL, enabled: false) { enabled isCustomized } }`,
      {},
      token,
    );
    expect(off.data!.setAutomatedResponseEnabled).toEqual({ enabled: false, isCustomized: true });
    const reset = await t.gql(
      `mutation { resetAutomatedResponse(teamId: "${team}", trigger: AFTER_HOURS_CALL) {
         enabled template defaultTemplate isCustomized cooldownMinutes optionalElements { key enabled isCustomized } } }`,
      {},
      token,
    );
    const r = reset.data!.resetAutomatedResponse;
    expect(r.template).toBe(r.defaultTemplate);
    expect(r.isCustomized).toBe(false);
    expect(r.cooldownMinutes).toBe(60);
    expect(r.enabled).toBe(false);
    expect(r.optionalElements.every((e: { isCustomized: boolean }) => !e.isCustomized)).toBe(true);
    const history = await read(token, team, 'version history { nodes { version } }');
    expect(history.version).toBe(3);
    expect(history.history.nodes.map((n: { version: number }) => n.version)).toEqual([3, 2, 1]);
  });

  it('pages through the history newest first', async () => {
    const team = uniqueTeamId();
    const token = await admin(team);
    for (let i = 1; i <= 5; i += 1)
      expect((await save(token, { teamId: team, teamName: `Name ${i}` })).errors).toBeUndefined();
    const page1 = await read(token, team, 'history(first: 2) { nodes { version } pageInfo { hasNextPage endCursor } }');
    expect(page1.history.nodes.map((n: { version: number }) => n.version)).toEqual([5, 4]);
    expect(page1.history.pageInfo.hasNextPage).toBe(true);
    const page2 = await read(
      token,
      team,
      `history(first: 10, after: "${page1.history.pageInfo.endCursor}") { nodes { version } pageInfo { hasNextPage } }`,
    );
    expect(page2.history.nodes.map((n: { version: number }) => n.version)).toEqual([3, 2, 1]);
    expect(page2.history.pageInfo.hasNextPage).toBe(false);
  });
});

describe('who may change', () => {
  it('lets an advisor read but not save', async () => {
    const team = uniqueTeamId();
    const advisor = await t.token({ role: 'ADVISOR', teams: [team] });
    expect((await read(advisor, team, 'version')).version).toBe(0);
    const res = await save(advisor, { teamId: team, teamName: 'Nope' });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    const toggle = await t.gql(
      `mutation { setAutomatedResponseEnabled(teamId: "${team}", trigger: MISSED_CALL, enabled: false) { enabled } }`,
      {},
      advisor,
    );
    expect(toggle.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await read(advisor, team, 'version teamName')).teamName).toBeNull();
  });

  it("does not let an admin of one team save another team's settings", async () => {
    const team = uniqueTeamId();
    const res = await save(await admin(uniqueTeamId()), { teamId: team, teamName: 'Hijack' });
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});

describe('batching', () => {
  it('costs the same number of SQL statements for _entities of 1 team and of 100 teams with all responses', async () => {
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Team { id chatSettings {
      senderName version automatedResponses { trigger enabled template optionalElements { key enabled } } } } } }`;
    async function statementsFor(n: number) {
      const teams = Array.from({ length: n }, () => uniqueTeamId('batch'));
      const token = await t.token({ role: 'SERVICE', teams: ['*'] });
      const reps = teams.map((id) => ({ __typename: 'Team', id }));
      // first sight creates the rows; measure a second, steady-state read and the first one too
      const before = await readCounter(t, 'db_statements_total');
      const first = await t.gql(query, { reps }, token);
      const mid = await readCounter(t, 'db_statements_total');
      const second = await t.gql(query, { reps }, token);
      const after = await readCounter(t, 'db_statements_total');
      expect(first.errors).toBeUndefined();
      expect(second.data!._entities).toHaveLength(n);
      expect(second.data!._entities[n - 1].chatSettings.automatedResponses).toHaveLength(14);
      return { firstSight: mid - before, steady: after - mid };
    }
    const one = await statementsFor(1);
    const hundred = await statementsFor(100);
    expect(hundred).toEqual(one);
    expect(one.steady).toBeLessThanOrEqual(2);
  });
});

describe('a nameless sender', () => {
  const WARNINGS = `senderName warnings { code field message }
    missed: automatedResponse(trigger: MISSED_CALL) { preview { text warnings { code field } } }
    given: automatedResponse(trigger: MISSED_CALL) { preview(values: { senderName: "Given Name" }) { warnings { code } } }`;

  it('is a warning on the settings and on every preview that uses {{senderName}} until a name is set', async () => {
    const team = uniqueTeamId();
    const token = await admin(team);
    const before = await read(token, team, WARNINGS);
    expect(before.senderName).toBe('');
    expect(before.warnings).toEqual([
      {
        code: 'SENDER_NAME_MISSING',
        field: 'companyName',
        message: expect.stringContaining('messages that use {{senderName}} go out without a name'),
      },
    ]);
    expect(before.missed.preview.warnings).toEqual([{ code: 'SENDER_NAME_MISSING', field: 'companyName' }]);
    expect(before.given.preview.warnings).toEqual([]);

    expect((await save(token, { teamId: team, senderIdentity: 'TEAM_NAME' })).errors).toBeUndefined();
    expect((await read(token, team, WARNINGS)).warnings).toEqual([
      expect.objectContaining({ code: 'SENDER_NAME_MISSING', field: 'teamName' }),
    ]);

    expect((await save(token, { teamId: team, teamName: 'Service Desk' })).errors).toBeUndefined();
    const after = await read(token, team, WARNINGS);
    expect(after).toMatchObject({ senderName: 'Service Desk', warnings: [], missed: { preview: { warnings: [] } } });
    expect(after.missed.preview.text).toContain('Service Desk');
  });
});
