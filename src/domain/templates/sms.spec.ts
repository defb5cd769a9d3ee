import { GSM_BASIC_CHARACTERS, GSM_EXTENSION_CHARACTERS, smsInfo } from './sms';

describe('smsInfo', () => {
  it.each([
    ['empty text', '', 0, 'GSM_7', 0, 0],
    ['one GSM character', 'a', 1, 'GSM_7', 1, 1],
    ['160 GSM characters', 'a'.repeat(160), 160, 'GSM_7', 160, 1],
    ['161 GSM characters', 'a'.repeat(161), 161, 'GSM_7', 161, 2],
    ['153 * 2 GSM characters', 'a'.repeat(306), 306, 'GSM_7', 306, 2],
    ['307 GSM characters', 'a'.repeat(307), 307, 'GSM_7', 307, 3],
    ['German umlauts and ß stay GSM-7', 'Grüße aus Köln: ÄÖÜäöüß', 23, 'GSM_7', 23, 1],
    ['80 euro signs are 160 septets', '€'.repeat(80), 80, 'GSM_7', 160, 1],
    ['81 euro signs are 162 septets', '€'.repeat(81), 81, 'GSM_7', 162, 2],
    ['an extension character never straddles two parts', 'a'.repeat(152) + '€' + 'a'.repeat(152), 305, 'GSM_7', 306, 3],
    ['one emoji switches to UCS-2', 'Hi 👍', 4, 'UCS_2', 5, 1],
    ['a curly apostrophe switches to UCS-2', 'We’ll call', 10, 'UCS_2', 10, 1],
    ['70 UCS-2 characters', 'ł'.repeat(70), 70, 'UCS_2', 70, 1],
    ['71 UCS-2 characters', 'ł'.repeat(71), 71, 'UCS_2', 71, 2],
    ['67 * 2 UCS-2 characters', 'ł'.repeat(134), 134, 'UCS_2', 134, 2],
    ['135 UCS-2 characters', 'ł'.repeat(135), 135, 'UCS_2', 135, 3],
    ['35 emoji are 70 code units', '😀'.repeat(35), 35, 'UCS_2', 70, 1],
    ['36 emoji are 72 code units', '😀'.repeat(36), 36, 'UCS_2', 72, 2],
    ['a surrogate pair never straddles two parts', 'ł'.repeat(66) + '😀' + 'ł'.repeat(66), 133, 'UCS_2', 134, 3],
  ])('%s', (_, text, length, encoding, units, segments) => {
    expect(smsInfo(text)).toEqual({ length, encoding, units, segments });
  });

  it('knows the 127 characters of the GSM default alphabet and the extension table', () => {
    expect(new Set(GSM_BASIC_CHARACTERS).size).toBe(127);
    expect(smsInfo(GSM_BASIC_CHARACTERS)).toMatchObject({ encoding: 'GSM_7', units: 127 });
    expect(smsInfo('^{}\\[~]|€')).toMatchObject({ encoding: 'GSM_7', length: 9, units: 18 });
    expect(GSM_EXTENSION_CHARACTERS).toContain('€');
  });
});
