import { defaultChatSettings, type ChatSettingsData } from './settings-model';
import { previewWarnings, settingsWarnings } from './settings-warnings';

const settings = (patch: Partial<ChatSettingsData>): ChatSettingsData => ({ ...defaultChatSettings(), ...patch });

describe('settingsWarnings', () => {
  it.each([
    [{ companyName: null, teamName: null }, ['SENDER_NAME_MISSING']],
    [{ companyName: '  ', teamName: null }, ['SENDER_NAME_MISSING']],
    [{ companyName: 'Autohaus', teamName: null }, []],
    [{ senderIdentity: 'TEAM_NAME' as const, companyName: null, teamName: 'Desk' }, []],
    // the other name is used when the chosen one is missing, so the sender is not nameless
    [{ senderIdentity: 'TEAM_NAME' as const, companyName: 'Autohaus', teamName: null }, []],
  ])('%j → %j', (patch, codes) => {
    expect(settingsWarnings(settings(patch)).map((w) => w.code)).toEqual(codes);
  });

  it('names the field that fixes it', () => {
    expect(
      settingsWarnings(settings({ senderIdentity: 'TEAM_NAME', companyName: null, teamName: null }))[0].field,
    ).toBe('teamName');
  });
});

describe('previewWarnings', () => {
  const nameless = settings({ companyName: null, teamName: null });
  it('warns for a template that uses {{senderName}}, not when the preview is given one', () => {
    expect(previewWarnings(nameless, 'MISSED_CALL').map((w) => w.code)).toEqual(['SENDER_NAME_MISSING']);
    expect(previewWarnings(nameless, 'MISSED_CALL', null, { senderName: 'X' })).toEqual([]);
    expect(previewWarnings(settings({ companyName: 'Autohaus' }), 'MISSED_CALL')).toEqual([]);
  });
});
