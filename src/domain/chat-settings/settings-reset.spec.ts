import { triggerSpec } from './catalogue';
import { effectiveResponse } from './effective-response';
import {
  applyChatSettingsUpdate,
  resetResponse,
  setResponseEnabled,
  type UpdateChatSettingsCommand,
} from './settings-update';
import { defaultChatSettings, type ChatSettingsData } from './settings-model';

function settings(overrides: Partial<ChatSettingsData> = {}): ChatSettingsData {
  return { ...defaultChatSettings(), companyName: 'Autohaus Müller', teamName: 'Service Team', ...overrides };
}

function update(command: UpdateChatSettingsCommand, current = settings()) {
  return applyChatSettingsUpdate(current, command);
}

describe('resetResponse', () => {
  it('restores default texts in every locale, default elements and cooldown, and keeps the switch', () => {
    const customized = update({
      automatedResponses: [
        { trigger: 'AFTER_HOURS_CALL', enabled: false, template: 'Closed.', cooldownMinutes: 5 },
        { trigger: 'AFTER_HOURS_MESSAGE', template: 'Closed, {{senderName}}.' },
      ],
    }).next;
    const german = update(
      {
        automatedResponses: [
          {
            trigger: 'AFTER_HOURS_CALL',
            locale: 'de',
            template: 'Geschlossen.',
            optionalElements: [{ key: 'includeNextOpeningTime', enabled: false }],
          },
        ],
      },
      customized,
    ).next;

    const { next, changes } = resetResponse(german, 'AFTER_HOURS_CALL');
    expect(next.responses.AFTER_HOURS_CALL).toEqual({
      enabled: false,
      templates: {},
      optionalElements: {},
      cooldownMinutes: null,
    });
    expect(next.responses.AFTER_HOURS_MESSAGE).toEqual(german.responses.AFTER_HOURS_MESSAGE);
    const spec = triggerSpec('AFTER_HOURS_CALL');
    expect(changes).toEqual([
      { field: 'automatedResponses.AFTER_HOURS_CALL.template.en', from: 'Closed.', to: spec.defaultTemplates.en },
      { field: 'automatedResponses.AFTER_HOURS_CALL.template.de', from: 'Geschlossen.', to: spec.defaultTemplates.de },
      {
        field: 'automatedResponses.AFTER_HOURS_CALL.optionalElements.includeNextOpeningTime.enabled',
        from: false,
        to: true,
      },
      { field: 'automatedResponses.AFTER_HOURS_CALL.cooldownMinutes', from: 5, to: 60 },
    ]);
    expect(effectiveResponse(next, 'AFTER_HOURS_CALL').hasCustomizations).toBe(false);
  });

  it('changes nothing on a response that has its defaults', () => {
    expect(resetResponse(settings(), 'MISSED_CALL').changes).toEqual([]);
  });
});

describe('setResponseEnabled', () => {
  it.each([
    [true, false, [{ field: 'automatedResponses.VOICEMAIL_LEFT.enabled', from: true, to: false }]],
    [true, true, []],
  ])('from %p to %p', (from, to, changes) => {
    const current = setResponseEnabled(settings(), 'VOICEMAIL_LEFT', from).next;
    const result = setResponseEnabled(current, 'VOICEMAIL_LEFT', to);
    expect(result.next.responses.VOICEMAIL_LEFT.enabled).toBe(to);
    expect(result.changes).toEqual(changes);
  });
});
