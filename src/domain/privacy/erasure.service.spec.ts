import { DomainError } from '../errors';
import { erasureSubject } from './erasure.service';

describe('erasureSubject', () => {
  it.each([
    [{ phone: '+49 151 1234-5678' }, { kind: 'PHONE', phone: '+4915112345678' }],
    [
      { phone: '+4915112345678', conversationId: null },
      { kind: 'PHONE', phone: '+4915112345678' },
    ],
    [{ conversationId: ' conv-7 ' }, { kind: 'CONVERSATION', conversationId: 'conv-7' }],
  ])('%j names %j', (input, subject) => {
    expect(erasureSubject(input)).toEqual(subject);
  });

  it.each([
    [{}, 'EXACTLY_ONE_INPUT'],
    [{ phone: null, conversationId: null }, 'EXACTLY_ONE_INPUT'],
    [{ phone: '+4915112345678', conversationId: 'conv-7' }, 'EXACTLY_ONE_INPUT'],
    [{ phone: '015112345678' }, 'INVALID_PHONE'],
    [{ phone: '' }, 'INVALID_PHONE'],
    [{ conversationId: '' }, 'INVALID_ID'],
    [{ conversationId: 'x'.repeat(201) }, 'INVALID_ID'],
  ])('%j is refused with %s', (input, code) => {
    let error: unknown;
    try {
      erasureSubject(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code, category: 'BAD_USER_INPUT' });
  });
});
