import { advisorAction, OUTCOME, ticketEvent } from '../factories/activities';
import { readCounter, startTestServer, uniqueTeamId, type TestServer } from '../support/server';
import { eventually, feedClient, type FeedClient } from '../support/subscriptions';

// A subscription lives for hours: what its messages link to is read fresh for every message,
// not remembered from the first one (per-request loaders are per event on the feed).
let t: TestServer;
let client: FeedClient | undefined;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await client?.dispose();
  await t?.close();
});

it("shows each feed message's ticket as it is when the message is delivered", async () => {
  const team = uniqueTeamId();
  const service = await t.token({ sub: 'ticketing', role: 'SERVICE', teams: [team] });
  const record = async (field: string, type: string, input: Record<string, unknown>) => {
    const res = await t.gql(`mutation($i: ${type}!) { ${field}(input: $i) { ${OUTCOME} } }`, { i: input }, service);
    expect(res.errors).toBeUndefined();
    return res.data![field];
  };
  const ticketId = `T-${team}`;
  await record('recordTicketEvent', 'TicketEventInput', ticketEvent(team, { ticketId, number: 'T-7' }));

  client = feedClient(t.server.wsUrl, await t.token({ role: 'ADVISOR', teams: [team] }));
  const feed = client.subscribe<{
    automatedMessageDispatched: { trigger: string; ticket: { number: string; status: string } };
  }>(`subscription($team: ID!) { automatedMessageDispatched(teamId: $team) { trigger ticket { number status } } }`, {
    team,
  });
  await eventually(async () => (await readCounter(t, 'feed_subscriptions')) >= 1, 'subscribed');

  await record('recordAdvisorAction', 'AdvisorActionInput', advisorAction(team, { ticketId }));
  await feed.waitForData(1);
  await record(
    'recordTicketEvent',
    'TicketEventInput',
    ticketEvent(team, { ticketId, number: 'T-7', type: 'RESOLVED' }),
  );
  await feed.waitForData(2);
  await record('recordAdvisorAction', 'AdvisorActionInput', advisorAction(team, { ticketId }));
  const received = await feed.waitForData(3);

  expect(
    received.map((r) => [r.automatedMessageDispatched.trigger, r.automatedMessageDispatched.ticket.status]),
  ).toEqual([
    ['PHOTO_VIDEO_REQUESTED', 'OPEN'],
    ['ISSUE_RESOLVED', 'RESOLVED'],
    ['PHOTO_VIDEO_REQUESTED', 'RESOLVED'],
  ]);
});
