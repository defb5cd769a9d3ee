import { triggerSpec } from './catalogue';
import {
  composeMessage,
  effectiveResponse,
  effectiveResponses,
  previewResponse,
  renderResponse,
} from './effective-response';
import { defaultChatSettings, type ChatSettingsData } from './settings-model';
import { applyChatSettingsUpdate, type UpdateChatSettingsCommand } from './settings-update';
import { TRIGGERS } from './triggers';

const MISSED_EN = triggerSpec('MISSED_CALL').defaultTemplates.en;
const MISSED_DE = triggerSpec('MISSED_CALL').defaultTemplates.de;

function settings(overrides: Partial<ChatSettingsData> = {}): ChatSettingsData {
  return { ...defaultChatSettings(), companyName: 'Autohaus Müller', teamName: 'Service Team', ...overrides };
}

function update(command: UpdateChatSettingsCommand, current = settings()) {
  return applyChatSettingsUpdate(current, command);
}

describe('effectiveResponse', () => {
  it('describes the default response in the team’s locale', () => {
    const response = effectiveResponse(settings({ defaultLocale: 'de' }), 'AFTER_HOURS_MESSAGE');
    const spec = triggerSpec('AFTER_HOURS_MESSAGE');
    expect(response).toMatchObject({
      trigger: 'AFTER_HOURS_MESSAGE',
      label: spec.label,
      channels: ['SMS', 'WHATSAPP'],
      enabled: true,
      locale: 'de',
      template: spec.defaultTemplates.de,
      defaultTemplate: spec.defaultTemplates.de,
      isCustomized: false,
      hasCustomizations: false,
      cooldownMinutes: 60,
    });
    expect(response.optionalElements).toEqual([
      {
        key: 'includeNextOpeningTime',
        label: 'Include next opening time',
        enabled: true,
        text: 'Wieder geöffnet ab {{nextOpeningTime}}.',
        defaultText: 'Wieder geöffnet ab {{nextOpeningTime}}.',
      },
      expect.objectContaining({ key: 'includeContactPageLink', enabled: false }),
    ]);
  });

  it('shows the custom text of the asked locale', () => {
    const data = update({ automatedResponses: [{ trigger: 'MISSED_CALL', locale: 'de', template: 'Verpasst!' }] }).next;
    expect(effectiveResponse(data, 'MISSED_CALL', 'de')).toMatchObject({
      template: 'Verpasst!',
      defaultTemplate: MISSED_DE,
      isCustomized: true,
    });
    expect(effectiveResponse(data, 'MISSED_CALL', 'en')).toMatchObject({
      template: MISSED_EN,
      isCustomized: false,
      hasCustomizations: true,
    });
  });

  it('rejects an unsupported locale', () => {
    expect(() => effectiveResponse(settings(), 'MISSED_CALL', 'fr')).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_LOCALE', field: 'locale' }),
    );
  });

  it('lists all fourteen responses in trigger order', () => {
    expect(effectiveResponses(settings()).map((r) => r.trigger)).toEqual([...TRIGGERS]);
  });
});

describe('composeMessage', () => {
  const data = update({
    defaultLocale: 'de',
    automatedResponses: [{ trigger: 'MISSED_CALL', locale: 'en', template: 'Missed you!' }],
  }).next;

  it.each([
    ['en', 'en', 'Missed you!'],
    ['en-GB', 'en', 'Missed you!'],
    ['DE_at', 'de', MISSED_DE],
    ['fr', 'de', MISSED_DE],
    [null, 'de', MISSED_DE],
    [undefined, 'de', MISSED_DE],
  ])('for a customer in %p picks %s', (customerLocale, locale, text) => {
    expect(composeMessage(data, 'MISSED_CALL', customerLocale)).toMatchObject({ locale, text });
  });

  it('falls back to English when the team’s locale is not supported', () => {
    expect(composeMessage(settings({ defaultLocale: 'fr' }), 'MISSED_CALL', 'it')).toMatchObject({
      locale: 'en',
      text: MISSED_EN,
    });
  });

  it('appends the enabled optional elements in catalogue order, whatever order they were switched on in', () => {
    const withElements = update({
      automatedResponses: [
        {
          trigger: 'AFTER_HOURS_TICKET',
          template: 'Closed.',
          optionalElements: [
            { key: 'includeContactPageLink', enabled: true },
            { key: 'includeTicketNumber', enabled: true, text: 'Ticket {{ticketNumber}}.' },
          ],
        },
      ],
    }).next;
    const composed = composeMessage(withElements, 'AFTER_HOURS_TICKET', 'en');
    expect(composed.elements.map((e) => e.key)).toEqual([
      'includeNextOpeningTime',
      'includeTicketNumber',
      'includeContactPageLink',
    ]);
    expect(composed.text).toBe(
      'Closed. We open again {{nextOpeningTime}}. Ticket {{ticketNumber}}. More about us: {{voiceHubUrl}}',
    );
  });
});

describe('renderResponse', () => {
  it('fills in the settings and the activity values', () => {
    const data = settings({ senderIdentity: 'TEAM_NAME' });
    expect(renderResponse(data, 'MISSED_CALL', { customerName: 'Alex' }, 'en').text).toBe(
      "Hi Alex, sorry we missed your call to Service Team. We'll call you back as soon as we can.",
    );
  });

  it('leaves out an enabled element whose value is missing', () => {
    const data = update({
      voiceHubUrl: 'https://example.com/c',
      automatedResponses: [
        {
          trigger: 'AFTER_HOURS_CALL',
          optionalElements: [
            { key: 'includeTicketNumber', enabled: true },
            { key: 'includeContactPageLink', enabled: true },
          ],
        },
      ],
    }).next;
    expect(renderResponse(data, 'AFTER_HOURS_CALL', { nextOpeningTime: 'Mon, Nov 30, 08:00' }, 'en')).toEqual({
      locale: 'en',
      text:
        "Hi there, thanks for calling Autohaus Müller. We're closed right now and will call you back. " +
        'We open again Mon, Nov 30, 08:00. More about us: https://example.com/c',
    });
  });
});

describe('previewResponse', () => {
  it('renders with samples, names from the settings, and reports SMS figures', () => {
    const preview = previewResponse(settings(), 'PAYMENT_REQUESTED', 'en');
    expect(preview).toEqual({
      text: 'Hi Alex, Autohaus Müller has sent you a payment request for €149.90. Pay securely here: https://example.com/r/abc',
      length: 113,
      encoding: 'GSM_7',
      segments: 1,
      units: 114,
      locale: 'en',
    });
  });

  it('formats the amount and the next opening time for the locale and the team’s time zone', () => {
    expect(previewResponse(settings({ timeZone: 'Europe/London' }), 'AFTER_HOURS_MESSAGE', 'de').text).toBe(
      'Hallo Alex, danke für Ihre Nachricht an Autohaus Müller. Wir sind gerade nicht erreichbar und antworten bald. ' +
        'Wieder geöffnet ab Mo., 30. Nov., 07:00.',
    );
    expect(previewResponse(settings(), 'PAYMENT_REQUESTED', 'de').text).toContain('149,90 €');
  });

  it('uses given values, stringifies scalars and shows fallbacks for null', () => {
    const preview = previewResponse(settings(), 'PAYMENT_REQUESTED', 'en', {
      customerName: null,
      amount: 20,
      link: 'https://pay.example/x',
    });
    expect(preview.text).toBe(
      'Hi there, Autohaus Müller has sent you a payment request for 20. Pay securely here: https://pay.example/x',
    );
  });

  it('reports UCS-2 when a value needs it', () => {
    expect(previewResponse(settings(), 'MISSED_CALL', 'en', { customerName: 'Łukasz 😀' })).toMatchObject({
      encoding: 'UCS_2',
      segments: 2,
    });
  });

  it('uses the team’s default locale without one', () => {
    expect(previewResponse(settings({ defaultLocale: 'de' }), 'MISSED_CALL').locale).toBe('de');
  });

  it.each([[{ customerName: { first: 'Alex' } }, 'INVALID_PREVIEW_VALUE', 'values.customerName']])(
    'rejects the values %p',
    (values, code, field) => {
      expect(() => previewResponse(settings(), 'MISSED_CALL', 'en', values)).toThrow(
        expect.objectContaining({ code, field }),
      );
    },
  );

  it('rejects an unsupported locale', () => {
    expect(() => previewResponse(settings(), 'MISSED_CALL', 'es')).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_LOCALE' }),
    );
  });
});
