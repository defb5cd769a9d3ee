import { DomainError } from '../errors';
import { closestName, parseTemplate, placeholderNames, validateTemplate } from './template';

const ALLOWED = ['senderName', 'customerName', 'ticketNumber', 'link'];

function validationError(text: string): DomainError {
  try {
    validateTemplate(text, ALLOWED, 'automatedResponses[0].template');
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`expected "${text}" to be rejected`);
}

describe('parseTemplate', () => {
  it('splits text and placeholders, tolerating whitespace and reading fallbacks', () => {
    expect(parseTemplate('Hi {{ customerName | there }}, from {{senderName}}!')).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'placeholder', name: 'customerName', fallback: 'there', raw: '{{ customerName | there }}', offset: 3 },
      { kind: 'text', text: ', from ' },
      { kind: 'placeholder', name: 'senderName', fallback: null, raw: '{{senderName}}', offset: 36 },
      { kind: 'text', text: '!' },
    ]);
  });

  it.each([
    ['{{name|}}', null],
    ['{{name|  }}', null],
    ['{{name|a|b}}', 'a|b'],
    ['{{name| good morning }}', 'good morning'],
  ])('reads the fallback of %s as %p', (text, fallback) => {
    expect(parseTemplate(text)).toEqual([expect.objectContaining({ kind: 'placeholder', name: 'name', fallback })]);
  });

  it.each([
    ['Hi {{customerName', ['text', 'unclosed', 'text']],
    ['Hi {{customerName {{senderName}}', ['text', 'unclosed', 'text', 'placeholder']],
    ['Hi customerName}} there', ['text', 'unopened', 'text']],
    ['Single { and } braces are text', ['text']],
  ])('marks broken braces in %p', (text, kinds) => {
    expect(parseTemplate(text).map((t) => t.kind)).toEqual(kinds);
  });

  it('lists the placeholder names once each, in order', () => {
    expect(placeholderNames('{{a}} {{b|x}} {{a}} {{ c }}')).toEqual(['a', 'b', 'c']);
  });
});

describe('validateTemplate', () => {
  it('accepts a valid template and returns its tokens', () => {
    const tokens = validateTemplate('Hi {{customerName|there}}, {{ senderName }} here: {{link}}', ALLOWED, 'template');
    expect(tokens.filter((t) => t.kind === 'placeholder')).toHaveLength(3);
  });

  it('accepts exactly 1000 characters, counting an emoji as one', () => {
    expect(() => validateTemplate('😀'.repeat(1000), ALLOWED, 'template')).not.toThrow();
  });

  it.each([
    ['', 'TEMPLATE_EMPTY'],
    ['   \n\t ', 'TEMPLATE_EMPTY'],
    ['x'.repeat(1001), 'TEMPLATE_TOO_LONG'],
    ['Hi {{customerName, welcome', 'TEMPLATE_UNCLOSED_PLACEHOLDER'],
    ['Hi {{customerName {{senderName}}', 'TEMPLATE_UNCLOSED_PLACEHOLDER'],
    ['Hi customerName}}', 'TEMPLATE_UNCLOSED_PLACEHOLDER'],
    ['Hi {{ }}', 'TEMPLATE_EMPTY_PLACEHOLDER'],
    ['Hi {{customrName}}', 'TEMPLATE_UNKNOWN_PLACEHOLDER'],
    ['Pay {{amount}}', 'TEMPLATE_UNKNOWN_PLACEHOLDER'],
  ])('rejects %p with %s, naming the field and the allowed placeholders', (text, code) => {
    const error = validationError(text);
    expect(error).toMatchObject({ code, category: 'BAD_USER_INPUT', field: 'automatedResponses[0].template' });
    expect(error.details?.allowedPlaceholders).toEqual(ALLOWED);
  });

  it('lists the allowed placeholders in the message', () => {
    expect(validationError('').message).toContain('{{senderName}}, {{customerName}}, {{ticketNumber}}, {{link}}');
  });

  it('reports the length of an over-long template', () => {
    const error = validationError('x'.repeat(1234));
    expect(error.message).toContain('1234 characters');
    expect(error.details).toMatchObject({ length: 1234, maxLength: 1000 });
  });

  it('reports where an unclosed placeholder starts', () => {
    const error = validationError('Hello {{customerName');
    expect(error.message).toContain('character 7');
    expect(error.details).toMatchObject({ position: 7 });
  });

  it.each([
    ['customrName', 'customerName'],
    ['CustomerName', 'customerName'],
    ['customer_name', 'customerName'],
    ['customer name', 'customerName'],
    ['sendername', 'senderName'],
    ['ticketNumbr', 'ticketNumber'],
    ['lnk', 'link'],
  ])('suggests a close name for {{%s}}', (misspelt, suggestion) => {
    const error = validationError(`Hi {{${misspelt}}}`);
    expect(error.code).toBe('TEMPLATE_UNKNOWN_PLACEHOLDER');
    expect(error.message).toContain(`Unknown placeholder {{${misspelt}}}`);
    expect(error.message).toContain(`did you mean {{${suggestion}}}?`.replace('did', 'Did'));
    expect(error.message).toContain('Placeholders you can use: {{senderName}}, {{customerName}}');
    expect(error.details).toMatchObject({ placeholder: misspelt, suggestion, allowedPlaceholders: ALLOWED });
  });

  it('makes no suggestion when nothing is close', () => {
    const error = validationError('Pay {{amount}} now');
    expect(error.message).not.toContain('Did you mean');
    expect(error.details).toMatchObject({ placeholder: 'amount', suggestion: null });
  });

  it('reports the first problem in reading order', () => {
    expect(validationError('{{nope}} and {{customerName').code).toBe('TEMPLATE_UNKNOWN_PLACEHOLDER');
    expect(validationError('{{customerName and {{nope}}').code).toBe('TEMPLATE_UNCLOSED_PLACEHOLDER');
  });
});

describe('closestName', () => {
  it.each([
    ['advisorNme', ['advisorName', 'amount'], 'advisorName'],
    ['xyz', ['advisorName', 'amount'], null],
    ['', ['advisorName'], null],
    ['ammount', ['advisorName', 'amount'], 'amount'],
  ])('closestName(%p) = %p', (name, allowed, expected) => {
    expect(closestName(name, allowed)).toBe(expected);
  });
});
