import { missingPlaceholders, renderTemplate } from './render-template';

describe('renderTemplate', () => {
  it.each([
    [
      'replaces placeholders',
      'Hi {{customerName}}, this is {{ senderName }}.',
      { customerName: 'Alex', senderName: 'Autohaus Müller' },
      'Hi Alex, this is Autohaus Müller.',
    ],
    ['trims values', 'Hi {{customerName}}!', { customerName: '  Alex ' }, 'Hi Alex!'],
    ['uses the fallback without a value', 'Hi {{customerName|there}}, welcome.', {}, 'Hi there, welcome.'],
    ['uses the fallback for an empty value', 'Hi {{customerName | there}}!', { customerName: '' }, 'Hi there!'],
    ['uses the fallback for a blank value', 'Hi {{customerName|there}}!', { customerName: '   ' }, 'Hi there!'],
    ['uses the fallback for null', 'Hi {{customerName|there}}!', { customerName: null }, 'Hi there!'],
    ['prefers the value over the fallback', 'Hi {{customerName|there}}!', { customerName: 'Alex' }, 'Hi Alex!'],
    ['drops the space before a comma', 'Hallo {{customerName}}, danke.', {}, 'Hallo, danke.'],
    ['drops the space before a full stop', 'Thanks {{customerName}}.', {}, 'Thanks.'],
    ['drops the space before ! ? : ;', 'A {{x}}! B {{x}}? C {{x}}: D {{x}}; E', {}, 'A! B? C: D; E'],
    ['leaves no double space in the middle', 'Hello {{customerName}} and welcome', {}, 'Hello and welcome'],
    [
      'removes a dangling comma before the end of a sentence',
      'Thanks for calling, {{customerName}}!',
      {},
      'Thanks for calling!',
    ],
    ['removes a trailing colon when the value ends the text', 'Pay here: {{link}}', {}, 'Pay here'],
    ['removes empty parentheses', 'Your ticket ({{ticketNumber}}) is open.', {}, 'Your ticket is open.'],
    [
      'removes a leading empty placeholder and its comma',
      '{{customerName}}, thanks for calling.',
      {},
      'thanks for calling.',
    ],
    ['trims the result', '  {{customerName}} Hello  ', {}, 'Hello'],
    ['collapses runs of spaces', 'Hello   {{a}}   world', { a: 'big' }, 'Hello big world'],
    ['keeps line breaks', 'Hello {{a}}\nBye {{b}}', { a: 'Alex' }, 'Hello Alex\nBye'],
    [
      'keeps the admin’s own punctuation around filled values',
      'Price : {{amount}} .',
      { amount: '€5' },
      'Price : €5 .',
    ],
    ['ignores prototype names', 'Hi {{constructor|there}}', {}, 'Hi there'],
    [
      'renders no text for an unclosed placeholder',
      'Hi {{customerName, welcome',
      { customerName: 'Alex' },
      'Hi customerName, welcome',
    ],
    ['drops a stray closing pair', 'Hi }} there', {}, 'Hi there'],
  ])('%s', (_, template, values, expected) => {
    expect(renderTemplate(template, values)).toBe(expected);
  });

  it.each(['Hi {{customerName', '{{{{a}}}}', 'x {{ }} y', '}}{{', '{{a|{{b}}}}'])(
    'never leaks braces from %p',
    (template) => {
      const out = renderTemplate(template, { a: 'A', b: 'B' });
      expect(out).not.toContain('{{');
      expect(out).not.toContain('}}');
    },
  );
});

describe('missingPlaceholders', () => {
  it('lists placeholders that have neither a value nor a fallback', () => {
    expect(missingPlaceholders('{{a}} {{b|x}} {{c}} {{d}} {{a}}', { c: 'C', d: ' ' })).toEqual(['a', 'd']);
  });
});
