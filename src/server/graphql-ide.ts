import type { Request, RequestHandler } from 'express';
import { DEMO_TEAM, type DevTokens } from './dev-tokens';

/**
 * The browser IDE at GET /graphql: GraphiQL as the `@graphql-yoga/render-graphiql` package ships
 * it, one self-contained page (scripts, styles, editor workers inlined), so it works with no
 * network. Subscriptions run over graphql-ws on the same path.
 */
export function graphqlIdeHandler(tokens: DevTokens | undefined): RequestHandler {
  // loaded and rendered on the first visit only: the page is about 9 MB
  let html: string | undefined;
  return async (req, res, next) => {
    if (!wantsHtml(req)) return next();
    const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
    html ??= renderGraphiQL({
      // a browser's WebSocket cannot send headers: the IDE's graphql-ws client passes the token in
      // connection_init (the option is read by the bundle's executor, not declared in its type)
      ...({ connectionParams: tokens ? { authorization: `Bearer ${tokens.ADMIN}` } : {} } as object),
      title: 'chat-automation GraphiQL',
      endpoint: '/graphql',
      subscriptionsProtocol: 'WS',
      defaultEditorToolsVisibility: 'headers',
      shouldPersistHeaders: false,
      defaultTabs: exampleTabs(tokens),
      defaultHeaders: headers(tokens?.ADMIN),
      schemaDescription: true,
      inputValueDeprecation: true,
    });
    // the page carries development tokens: no caching anywhere
    res.set('Cache-Control', 'no-store').type('html').send(html);
  };
}

/** A browser navigating to the endpoint (no operation in the URL, HTML preferred over JSON). */
function wantsHtml(req: Request): boolean {
  if (req.query.query !== undefined || req.query.extensions !== undefined) return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

const headers = (token: string | undefined) =>
  token ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) : '{}';

/** The example operations the IDE opens with, each with the token of the role it needs. */
export function exampleTabs(tokens: DevTokens | undefined): { query: string; variables?: string; headers?: string }[] {
  const now = new Date().toISOString();
  return [
    {
      query: `# Read the team's settings (ADMIN token). Run it with ▶ or Ctrl-Enter.
query ReadSettings($team: ID! = "${DEMO_TEAM}") {
  team(id: $team) {
    id
    chatSettings {
      senderName
      senderIdentity
      timeZone
      defaultLocale
      version
      automatedResponses { trigger enabled template }
    }
  }
}`,
      headers: headers(tokens?.ADMIN),
    },
    {
      query: `# Save a template (ADMIN token): all given fields or none are saved
mutation SaveTemplate($input: UpdateChatSettingsInput!) {
  updateChatSettings(input: $input) {
    version
    senderName
    automatedResponse(trigger: MISSED_CALL) { template preview { text segments encoding } }
  }
}`,
      variables: JSON.stringify(
        {
          input: {
            teamId: DEMO_TEAM,
            companyName: 'Demo Motors',
            automatedResponses: [
              {
                trigger: 'MISSED_CALL',
                enabled: true,
                template: 'Sorry we missed you, {{customerName|there}}. {{senderName}} will call you back.',
              },
            ],
          },
        },
        null,
        2,
      ),
      headers: headers(tokens?.ADMIN),
    },
    {
      query: `# Create a ring plan (ADMIN token): outside its windows the team is closed
mutation CreateRingPlan($input: CreateRingPlanInput!) {
  createRingPlan(input: $input) { id name timeZone windows { day opens closes } }
}`,
      variables: JSON.stringify(
        {
          input: {
            teamId: DEMO_TEAM,
            name: 'Office hours',
            timeZone: 'Europe/Berlin',
            windows: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((day) => ({
              day,
              opens: '08:00',
              closes: '17:30',
            })),
          },
        },
        null,
        2,
      ),
      headers: headers(tokens?.ADMIN),
    },
    {
      query: `# Record a missed call (SERVICE token, as telephony would). The same eventId twice is answered duplicate: true.
mutation RecordMissedCall($input: CallEndedInput!) {
  recordCallEnded(input: $input) {
    duplicate
    trigger
    decision
    suppressionReason
    message { recipient body segments }
    missedCall { ticketCreated ticket { number } }
  }
}`,
      variables: JSON.stringify(
        {
          input: {
            eventId: `ide-example-${Date.now()}`,
            teamId: DEMO_TEAM,
            callId: 'call-1',
            phone: '+4930123456789',
            customerName: 'Alex',
            startedAt: now,
            occurredAt: now,
            endedDuring: 'VOICEMAIL_GREETING',
          },
        },
        null,
        2,
      ),
      headers: headers(tokens?.SERVICE),
    },
    {
      query: `# Subscribe to the feed (over graphql-ws); record a call in another tab to see it arrive
subscription Feed($team: ID! = "${DEMO_TEAM}") {
  automatedMessageDispatched(teamId: $team) {
    cursor
    trigger
    channel
    recipient
    body
    dispatchedAt
  }
}`,
      headers: headers(tokens?.ADMIN),
    },
  ];
}
