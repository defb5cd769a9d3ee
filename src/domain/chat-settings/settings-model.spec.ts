import { defaultChatSettings, senderName } from './settings-model';
import { TRIGGERS } from './triggers';

describe('defaultChatSettings', () => {
  it('starts with every trigger on, default texts and neutral team settings', () => {
    const data = defaultChatSettings();
    expect(data).toMatchObject({
      senderIdentity: 'COMPANY_NAME',
      companyName: null,
      teamName: null,
      createMissedCallTickets: false,
      ringLastAdvisor: false,
      timeZone: 'Europe/Berlin',
      defaultLocale: 'en',
      voiceHubUrl: null,
    });
    expect(Object.keys(data.responses)).toEqual([...TRIGGERS]);
    for (const trigger of TRIGGERS) {
      expect(data.responses[trigger]).toEqual({
        enabled: true,
        templates: {},
        optionalElements: {},
        cooldownMinutes: null,
      });
    }
  });
});

describe('senderName', () => {
  it.each([
    ['COMPANY_NAME', 'Autohaus Müller', 'Service', 'Autohaus Müller'],
    ['TEAM_NAME', 'Autohaus Müller', 'Service', 'Service'],
    ['COMPANY_NAME', null, 'Service', 'Service'],
    ['TEAM_NAME', 'Autohaus Müller', '  ', 'Autohaus Müller'],
    ['TEAM_NAME', null, null, ''],
  ] as const)('%s with company %p and team %p is %p', (senderIdentity, companyName, teamName, expected) => {
    expect(senderName({ senderIdentity, companyName, teamName })).toBe(expected);
  });
});
