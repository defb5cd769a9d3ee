import fc from 'fast-check';
import type { Viewer } from '../../src/domain/access';
import { ADVISOR_ACTIONS, CALL_PHASES } from '../../src/domain/automation/activity';
import { TRIGGERS } from '../../src/domain/chat-settings/triggers';
import { uniqueTeamId } from '../support/server';
import { activity, startTestServices, type TestServices } from '../support/services';

/**
 * PRODUCT.md §13 as a property: for generated team states and activities, the dry run predicts
 * exactly what recording the same activity right afterwards does, and leaves every row of the team
 * — log, tickets, missed calls, cooldowns, conversations, opt-outs, the team row — byte for byte as it was.
 */

let s: TestServices;
beforeAll(async () => {
  s = await startTestServices();
});
afterAll(async () => {
  await s?.close();
});

const SERVICE: Viewer = { sub: 'medium', role: 'SERVICE', teams: ['*'] };
const admin = (team: string): Viewer => ({ sub: 'admin', role: 'ADMIN', teams: [team] });

const PHONES = ['+4930111111', '+4930222222'];
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

const activitySpec = fc.oneof(
  fc.record({
    kind: fc.constant('call' as const),
    endedDuring: fc.constantFrom(...CALL_PHASES),
    ticket: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('message' as const),
    channel: fc.constantFrom('SMS', 'WHATSAPP', 'WEB'),
    body: fc.constantFrom('Hello', 'STOP', 'START'),
    conversation: fc.constantFrom('c-1', 'c-2'),
  }),
  fc.record({
    kind: fc.constant('ticket' as const),
    type: fc.constantFrom('CREATED', 'RESOLVED', 'CLOSED'),
    source: fc.constantFrom('PHONE', 'SMS', 'WEB'),
    ticketId: fc.constantFrom('EXT-1', 'EXT-2'),
  }),
  fc.record({
    kind: fc.constant('advisor' as const),
    action: fc.constantFrom(...ADVISOR_ACTIONS),
    channel: fc.constantFrom('SMS', 'WHATSAPP', 'WEB'),
  }),
);
type Spec = typeof activitySpec extends fc.Arbitrary<infer T> ? T : never;

const occurrence = fc.record({
  spec: activitySpec,
  phone: fc.constantFrom(...PHONES),
  minutesAgo: fc.constantFrom(1, 20, 90, 3 * 24 * 60),
});

function build(team: string, { spec, phone, minutesAgo: ago }: { spec: Spec; phone: string; minutesAgo: number }) {
  const at = minutesAgo(ago);
  switch (spec.kind) {
    case 'call':
      return activity('call', team, {
        phone,
        endedDuring: spec.endedDuring,
        startedAt: at,
        occurredAt: at,
        ...(spec.ticket ? { ticketId: 'EXT-1', ticketNumber: 'T-1' } : {}),
      });
    case 'message':
      return activity('message', team, {
        phone: spec.channel === 'WEB' ? null : phone,
        channel: spec.channel,
        body: spec.body,
        conversationId: spec.conversation,
        occurredAt: at,
      });
    case 'ticket':
      return activity('ticket', team, {
        phone,
        type: spec.type,
        source: spec.source,
        ticketId: spec.ticketId,
        number: spec.ticketId,
        occurredAt: at,
      });
    case 'advisor':
      return activity('advisor', team, {
        phone: spec.channel === 'WEB' ? null : phone,
        conversationId: spec.channel === 'WEB' ? 'c-1' : null,
        channel: spec.channel,
        action: spec.action,
        amount: spec.action === 'REQUEST_PAYMENT' ? 12.5 : null,
        currency: spec.action === 'REQUEST_PAYMENT' ? 'EUR' : null,
        occurredAt: at,
      });
  }
}

/** Every row the team has anywhere, as one fingerprint per table. */
async function fingerprint(team: string) {
  const tables = ['activity', 'automated_message', 'missed_call', 'ticket', 'conversation', 'opt_out'];
  const parts = tables.map(
    (table) =>
      `(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM ${table} x WHERE x.team_id = $1) AS ${table}`,
  );
  const [row] = await s.ds.query(
    `SELECT ${parts.join(', ')}, (SELECT md5(coalesce(string_agg(x::text, '|'), '')) FROM team x WHERE x.id = $1) AS team`,
    [team],
  );
  return row;
}

it('predicts exactly what recording the activity does, and writes nothing', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        ringLastAdvisor: fc.boolean(),
        createMissedCallTickets: fc.boolean(),
        closed: fc.boolean(),
        disabled: fc.subarray([...TRIGGERS], { maxLength: 2 }),
        before: fc.array(occurrence, { maxLength: 4 }),
        now: occurrence,
      }),
      async (state) => {
        const team = uniqueTeamId('prop');
        await s.settings.update(admin(team), team, {
          ringLastAdvisor: state.ringLastAdvisor,
          createMissedCallTickets: state.createMissedCallTickets,
          automatedResponses: state.disabled.map((trigger) => ({ trigger, enabled: false })),
        });
        if (state.closed) {
          await s.ringPlans.create(admin(team), {
            teamId: team,
            name: 'Closed',
            timeZone: 'Europe/Berlin',
            kind: 'CLOSED',
            windows: [],
          });
        }
        for (const earlier of state.before) await s.automation.record(SERVICE, build(team, earlier));

        const input = build(team, state.now);
        const before = await fingerprint(team);
        const simulated = await s.automation.simulate(admin(team), input);
        expect(await fingerprint(team)).toEqual(before);

        const recorded = await s.automation.record(SERVICE, input);
        const plan = simulated.plan;
        expect({
          trigger: recorded.trigger,
          decision: recorded.decision,
          reason: recorded.suppressionReason,
          body: recorded.message?.body ?? null,
        }).toEqual({
          trigger: plan.trigger,
          decision: plan.decision,
          reason: plan.suppressionReason,
          body: plan.message?.body ?? null,
        });
        expect(recorded.missedCall?.ticketRule ?? null).toBe(plan.missedCall?.ticketRule ?? null);
        if (plan.ticket?.write === 'CREATE') {
          const [created] = await s.ds.query(`SELECT number FROM ticket WHERE team_id = $1 AND id = $2`, [
            team,
            recorded.message?.ticketId ?? recorded.missedCall?.ticketId,
          ]);
          expect(created?.number).toBe(plan.ticket.ticket.number);
        }
      },
    ),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 40) },
  );
});
