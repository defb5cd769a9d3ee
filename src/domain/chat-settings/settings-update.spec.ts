import { DomainError } from '../errors';
import { triggerSpec } from './catalogue';
import { effectiveResponse } from './effective-response';
import { applyChatSettingsUpdate, type UpdateChatSettingsCommand } from './settings-update';
import { defaultChatSettings, type ChatSettingsData } from './settings-model';

const MISSED_EN = triggerSpec('MISSED_CALL').defaultTemplates.en;
const MISSED_DE = triggerSpec('MISSED_CALL').defaultTemplates.de;

function settings(overrides: Partial<ChatSettingsData> = {}): ChatSettingsData {
  return { ...defaultChatSettings(), companyName: 'Autohaus Müller', teamName: 'Service Team', ...overrides };
}

function update(command: UpdateChatSettingsCommand, current = settings()) {
  return applyChatSettingsUpdate(current, command);
}

function rejection(command: UpdateChatSettingsCommand, current = settings()): DomainError {
  try {
    applyChatSettingsUpdate(current, command);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the update to be rejected');
}

describe('applyChatSettingsUpdate', () => {
  it('applies team fields and lists each change with its old and new value', () => {
    const { next, changes } = update({
      senderIdentity: 'TEAM_NAME',
      companyName: '  Autohaus Müller GmbH ',
      teamName: '',
      createMissedCallTickets: true,
      ringLastAdvisor: true,
      timeZone: 'europe/vienna',
      defaultLocale: 'DE',
      voiceHubUrl: 'https://example.com/contact',
    });
    expect(next).toMatchObject({
      senderIdentity: 'TEAM_NAME',
      companyName: 'Autohaus Müller GmbH',
      teamName: null,
      createMissedCallTickets: true,
      ringLastAdvisor: true,
      timeZone: 'Europe/Vienna',
      defaultLocale: 'de',
      voiceHubUrl: 'https://example.com/contact',
    });
    expect(changes).toEqual([
      { field: 'senderIdentity', from: 'COMPANY_NAME', to: 'TEAM_NAME' },
      { field: 'companyName', from: 'Autohaus Müller', to: 'Autohaus Müller GmbH' },
      { field: 'teamName', from: 'Service Team', to: null },
      { field: 'createMissedCallTickets', from: false, to: true },
      { field: 'ringLastAdvisor', from: false, to: true },
      { field: 'timeZone', from: 'Europe/Berlin', to: 'Europe/Vienna' },
      { field: 'defaultLocale', from: 'en', to: 'de' },
      { field: 'voiceHubUrl', from: null, to: 'https://example.com/contact' },
    ]);
  });

  it('treats absent and null as "leave as is", and null or "" as "clear" for names and the link', () => {
    const current = settings({ voiceHubUrl: 'https://example.com/a' });
    expect(
      update({ timeZone: null, defaultLocale: null, senderIdentity: null, ringLastAdvisor: null }, current).changes,
    ).toEqual([]);
    expect(update({ companyName: null, voiceHubUrl: '' }, current).changes).toEqual([
      { field: 'companyName', from: 'Autohaus Müller', to: null },
      { field: 'voiceHubUrl', from: 'https://example.com/a', to: null },
    ]);
  });

  it('reports no change when the values are the current ones', () => {
    const current = settings();
    const { changes } = update(
      {
        companyName: 'Autohaus Müller',
        timeZone: 'Europe/Berlin',
        automatedResponses: [
          { trigger: 'MISSED_CALL', enabled: true, template: MISSED_EN, cooldownMinutes: 60 },
          { trigger: 'AFTER_HOURS_CALL', optionalElements: [{ key: 'includeNextOpeningTime', enabled: true }] },
        ],
      },
      current,
    );
    expect(changes).toEqual([]);
  });

  it('does not modify the current settings', () => {
    const current = settings();
    const copy = structuredClone(current);
    update(
      {
        timeZone: 'Europe/Paris',
        automatedResponses: [{ trigger: 'MISSED_CALL', template: 'Sorry, {{senderName}}.' }],
      },
      current,
    );
    expect(current).toEqual(copy);
  });

  it('stores a template for the team’s default locale when no locale is given', () => {
    const { next, changes } = update({
      automatedResponses: [{ trigger: 'MISSED_CALL', template: '  Sorry, {{senderName}} missed you.\n' }],
    });
    expect(next.responses.MISSED_CALL.templates).toEqual({ en: 'Sorry, {{senderName}} missed you.' });
    expect(changes).toEqual([
      { field: 'automatedResponses.MISSED_CALL.template.en', from: MISSED_EN, to: 'Sorry, {{senderName}} missed you.' },
    ]);
  });

  it('stores a template for the given locale', () => {
    const { next, changes } = update({
      automatedResponses: [{ trigger: 'MISSED_CALL', locale: 'de', template: 'Verpasst: {{senderName}}.' }],
    });
    expect(next.responses.MISSED_CALL.templates).toEqual({ de: 'Verpasst: {{senderName}}.' });
    expect(changes).toEqual([
      { field: 'automatedResponses.MISSED_CALL.template.de', from: MISSED_DE, to: 'Verpasst: {{senderName}}.' },
    ]);
  });

  it('uses the stored default locale, not one changed in the same save, for a template without locale', () => {
    const { next } = update({
      defaultLocale: 'de',
      automatedResponses: [{ trigger: 'MISSED_CALL', template: 'Sorry!' }],
    });
    expect(next.responses.MISSED_CALL.templates).toEqual({ en: 'Sorry!' });
  });

  it('stores a template equal to the default as not customized', () => {
    const current = update({ automatedResponses: [{ trigger: 'MISSED_CALL', template: 'Sorry!' }] }).next;
    const { next, changes } = update(
      { automatedResponses: [{ trigger: 'MISSED_CALL', template: MISSED_EN }] },
      current,
    );
    expect(next.responses.MISSED_CALL.templates).toEqual({});
    expect(effectiveResponse(next, 'MISSED_CALL').isCustomized).toBe(false);
    expect(changes).toEqual([{ field: 'automatedResponses.MISSED_CALL.template.en', from: 'Sorry!', to: MISSED_EN }]);
  });

  it('switches and rewords optional elements, and stores defaults as not customized', () => {
    const { next, changes } = update({
      automatedResponses: [
        {
          trigger: 'AFTER_HOURS_CALL',
          locale: 'de',
          optionalElements: [
            { key: 'includeTicketNumber', enabled: true, text: 'Ticket: {{ticketNumber}}' },
            { key: 'includeNextOpeningTime', enabled: true },
          ],
        },
      ],
    });
    expect(next.responses.AFTER_HOURS_CALL.optionalElements).toEqual({
      includeTicketNumber: { enabled: true, text: { de: 'Ticket: {{ticketNumber}}' } },
    });
    expect(changes).toEqual([
      {
        field: 'automatedResponses.AFTER_HOURS_CALL.optionalElements.includeTicketNumber.enabled',
        from: false,
        to: true,
      },
      {
        field: 'automatedResponses.AFTER_HOURS_CALL.optionalElements.includeTicketNumber.text.de',
        from: 'Ihre Ticketnummer: {{ticketNumber}}.',
        to: 'Ticket: {{ticketNumber}}',
      },
    ]);
  });

  it('stores a cooldown equal to the default as null', () => {
    const custom = update({ automatedResponses: [{ trigger: 'MISSED_CALL', cooldownMinutes: 15 }] });
    expect(custom.next.responses.MISSED_CALL.cooldownMinutes).toBe(15);
    expect(custom.changes).toEqual([{ field: 'automatedResponses.MISSED_CALL.cooldownMinutes', from: 60, to: 15 }]);
    const back = update({ automatedResponses: [{ trigger: 'MISSED_CALL', cooldownMinutes: 60 }] }, custom.next);
    expect(back.next.responses.MISSED_CALL.cooldownMinutes).toBeNull();
    expect(back.changes).toEqual([{ field: 'automatedResponses.MISSED_CALL.cooldownMinutes', from: 15, to: 60 }]);
  });

  it('switches a response off', () => {
    const { next, changes } = update({ automatedResponses: [{ trigger: 'PAYMENT_REQUESTED', enabled: false }] });
    expect(next.responses.PAYMENT_REQUESTED.enabled).toBe(false);
    expect(changes).toEqual([{ field: 'automatedResponses.PAYMENT_REQUESTED.enabled', from: true, to: false }]);
  });

  it.each<[string, UpdateChatSettingsCommand, string, string]>([
    ['an unknown time zone', { timeZone: 'Europe/Atlantis' }, 'INVALID_TIME_ZONE', 'timeZone'],
    ['an unsupported default locale', { defaultLocale: 'fr' }, 'UNSUPPORTED_LOCALE', 'defaultLocale'],
    ['a regional default locale', { defaultLocale: 'de-AT' }, 'UNSUPPORTED_LOCALE', 'defaultLocale'],
    ['an http VoiceHub link', { voiceHubUrl: 'http://example.com' }, 'INVALID_URL', 'voiceHubUrl'],
    ['a VoiceHub link that is no URL', { voiceHubUrl: 'example.com/contact' }, 'INVALID_URL', 'voiceHubUrl'],
    ['a company name over 100 characters', { companyName: 'x'.repeat(101) }, 'NAME_TOO_LONG', 'companyName'],
    ['a team name over 100 characters', { teamName: 'ü'.repeat(101) }, 'NAME_TOO_LONG', 'teamName'],
    [
      'an unknown sender identity',
      { senderIdentity: 'NICKNAME' as never },
      'INVALID_SENDER_IDENTITY',
      'senderIdentity',
    ],
    [
      'an unknown trigger',
      { automatedResponses: [{ trigger: 'NOPE' as never }] },
      'UNKNOWN_TRIGGER',
      'automatedResponses[0].trigger',
    ],
    [
      'a trigger twice',
      { automatedResponses: [{ trigger: 'MISSED_CALL' }, { trigger: 'MISSED_CALL', enabled: false }] },
      'DUPLICATE_TRIGGER',
      'automatedResponses[1].trigger',
    ],
    [
      'an unsupported template locale',
      { automatedResponses: [{ trigger: 'MISSED_CALL', locale: 'fr', template: 'Salut' }] },
      'UNSUPPORTED_LOCALE',
      'automatedResponses[0].locale',
    ],
    [
      'an empty template',
      { automatedResponses: [{ trigger: 'MISSED_CALL', template: '  ' }] },
      'TEMPLATE_EMPTY',
      'automatedResponses[0].template',
    ],
    [
      'an over-long template',
      { automatedResponses: [{ trigger: 'MISSED_CALL', template: 'x'.repeat(1001) }] },
      'TEMPLATE_TOO_LONG',
      'automatedResponses[0].template',
    ],
    [
      'an unclosed placeholder',
      { automatedResponses: [{ trigger: 'MISSED_CALL', template: 'Hi {{customerName' }] },
      'TEMPLATE_UNCLOSED_PLACEHOLDER',
      'automatedResponses[0].template',
    ],
    [
      'a placeholder of another trigger',
      { automatedResponses: [{ trigger: 'MISSED_CALL', template: 'Pay {{amount}}' }] },
      'TEMPLATE_UNKNOWN_PLACEHOLDER',
      'automatedResponses[0].template',
    ],
    [
      'an unknown optional element',
      {
        automatedResponses: [
          { trigger: 'MISSED_CALL', optionalElements: [{ key: 'includeNextOpeningTime', enabled: true }] },
        ],
      },
      'UNKNOWN_OPTIONAL_ELEMENT',
      'automatedResponses[0].optionalElements[0].key',
    ],
    [
      'an optional element twice',
      {
        automatedResponses: [
          {
            trigger: 'MISSED_CALL',
            optionalElements: [{ key: 'includeTicketNumber' }, { key: 'includeTicketNumber', enabled: true }],
          },
        ],
      },
      'DUPLICATE_OPTIONAL_ELEMENT',
      'automatedResponses[0].optionalElements[1].key',
    ],
    [
      'a misspelt placeholder in an optional element',
      {
        automatedResponses: [
          { trigger: 'MISSED_CALL', optionalElements: [{ key: 'includeTicketNumber', text: 'No. {{ticketNo}}' }] },
        ],
      },
      'TEMPLATE_UNKNOWN_PLACEHOLDER',
      'automatedResponses[0].optionalElements[0].text',
    ],
    [
      'a negative cooldown',
      { automatedResponses: [{ trigger: 'MISSED_CALL', cooldownMinutes: -1 }] },
      'INVALID_COOLDOWN',
      'automatedResponses[0].cooldownMinutes',
    ],
    [
      'a fractional cooldown',
      { automatedResponses: [{ trigger: 'MISSED_CALL', cooldownMinutes: 1.5 }] },
      'INVALID_COOLDOWN',
      'automatedResponses[0].cooldownMinutes',
    ],
    [
      'a cooldown over a week',
      { automatedResponses: [{ trigger: 'MISSED_CALL', cooldownMinutes: 10081 }] },
      'INVALID_COOLDOWN',
      'automatedResponses[0].cooldownMinutes',
    ],
  ])('rejects %s', (_, command, code, field) => {
    expect(rejection(command)).toMatchObject({ code, field, category: 'BAD_USER_INPUT' });
  });

  it('accepts the cooldown limits 0 and 10080', () => {
    expect(() => update({ automatedResponses: [{ trigger: 'MISSED_CALL', cooldownMinutes: 0 }] })).not.toThrow();
    expect(() => update({ automatedResponses: [{ trigger: 'VOICEMAIL_LEFT', cooldownMinutes: 10080 }] })).not.toThrow();
  });

  it('names the misspelt placeholder, suggests the right one and lists the allowed ones', () => {
    const error = rejection({
      automatedResponses: [{ trigger: 'PAYMENT_REQUESTED', template: 'Hi {{custmerName}}, pay {{amount}}' }],
    });
    expect(error.message).toContain('Unknown placeholder {{custmerName}}. Did you mean {{customerName}}?');
    expect(error.message).toContain('{{amount}}');
    expect(error.details).toMatchObject({
      placeholder: 'custmerName',
      suggestion: 'customerName',
      allowedPlaceholders: expect.arrayContaining(['customerName', 'amount', 'link']),
    });
  });

  it('reports every problem at once and applies nothing', () => {
    const error = rejection({
      timeZone: 'Nowhere/Special',
      voiceHubUrl: 'ftp://example.com',
      automatedResponses: [
        { trigger: 'MISSED_CALL', enabled: false },
        { trigger: 'VOICEMAIL_LEFT', template: 'Thanks {{customerNme}}' },
      ],
    });
    expect(error).toMatchObject({ code: 'INVALID_TIME_ZONE', field: 'timeZone' });
    expect(error.details?.problems).toEqual([
      { field: 'timeZone', code: 'INVALID_TIME_ZONE', message: expect.stringContaining('Nowhere/Special') },
      { field: 'voiceHubUrl', code: 'INVALID_URL', message: expect.any(String) },
      {
        field: 'automatedResponses[1].template',
        code: 'TEMPLATE_UNKNOWN_PLACEHOLDER',
        message: expect.stringContaining('{{customerNme}}'),
      },
    ]);
    expect(error.message).toContain('3 problems');
    expect(error.message).toContain('automatedResponses[1].template');
  });
});
