import { renderTemplate } from '../templates/render-template';
import { parseTemplate, validateTemplate } from '../templates/template';
import { CATALOGUE, isTrigger, placeholderNamesOf, triggerSpec } from './catalogue';
import { previewResponse } from './effective-response';
import { defaultChatSettings } from './settings-model';
import { SUPPORTED_LOCALES, TRIGGERS, type ContactChannel, type Trigger } from './triggers';

const ALL: ContactChannel[] = ['PHONE', 'SMS', 'WHATSAPP', 'WEB', 'MOBILE_APP'];
const everyDefault = CATALOGUE.flatMap((spec) => SUPPORTED_LOCALES.map((locale) => [spec.trigger, locale] as const));

describe('CATALOGUE', () => {
  it('has one entry per trigger, in TRIGGERS order', () => {
    expect(CATALOGUE.map((spec) => spec.trigger)).toEqual([...TRIGGERS]);
  });

  it.each<[Trigger, ContactChannel[]]>([
    ['CUSTOMER_HUNG_UP', ['PHONE']],
    ['VOICEMAIL_LEFT', ['PHONE']],
    ['CALL_COMPLETED_WITH_TICKET', ['PHONE']],
    ['ADVISOR_RATING_REQUESTED', ALL],
    ['ISSUE_RESOLVED', ALL],
    ['FIRST_CHAT_MESSAGE', ['SMS', 'WHATSAPP', 'WEB', 'MOBILE_APP']],
    ['PHOTO_VIDEO_REQUESTED', ALL],
    ['VOICEHUB_SHARED', ALL],
    ['AFTER_HOURS_CALL', ['PHONE']],
    ['MISSED_CALL', ['PHONE']],
    ['APPROVAL_REQUESTED', ALL],
    ['PAYMENT_REQUESTED', ALL],
    ['AFTER_HOURS_MESSAGE', ['SMS', 'WHATSAPP']],
    ['AFTER_HOURS_TICKET', ['WEB', 'MOBILE_APP']],
  ])('%s fires on %p', (trigger, channels) => {
    expect(triggerSpec(trigger).channels).toEqual(channels);
  });

  it.each<[Trigger, number]>([
    ['CUSTOMER_HUNG_UP', 60],
    ['VOICEMAIL_LEFT', 60],
    ['CALL_COMPLETED_WITH_TICKET', 60],
    ['MISSED_CALL', 60],
    ['AFTER_HOURS_CALL', 60],
    ['AFTER_HOURS_MESSAGE', 60],
    ['AFTER_HOURS_TICKET', 60],
    ['PHOTO_VIDEO_REQUESTED', 0],
    ['VOICEHUB_SHARED', 0],
    ['APPROVAL_REQUESTED', 0],
    ['PAYMENT_REQUESTED', 0],
    ['ADVISOR_RATING_REQUESTED', 0],
    ['ISSUE_RESOLVED', 0],
    ['FIRST_CHAT_MESSAGE', 0],
  ])('%s cools down for %i minutes by default', (trigger, minutes) => {
    expect(triggerSpec(trigger).defaultCooldownMinutes).toBe(minutes);
  });

  it('offers the common placeholders everywhere', () => {
    for (const trigger of TRIGGERS) {
      expect(placeholderNamesOf(trigger)).toEqual(
        expect.arrayContaining(['senderName', 'companyName', 'teamName', 'customerName']),
      );
    }
  });

  it.each([
    ['amount', ['PAYMENT_REQUESTED']],
    ['nextOpeningTime', ['AFTER_HOURS_CALL', 'AFTER_HOURS_MESSAGE', 'AFTER_HOURS_TICKET']],
    [
      'link',
      [
        'ADVISOR_RATING_REQUESTED',
        'ISSUE_RESOLVED',
        'PHOTO_VIDEO_REQUESTED',
        'VOICEHUB_SHARED',
        'APPROVAL_REQUESTED',
        'PAYMENT_REQUESTED',
      ],
    ],
  ])('offers {{%s}} only where it makes sense', (name, triggers) => {
    expect(TRIGGERS.filter((trigger) => placeholderNamesOf(trigger).includes(name))).toEqual(triggers);
  });

  it('gives every placeholder a description and a sample, once per trigger', () => {
    for (const spec of CATALOGUE) {
      const names = spec.placeholders.map((p) => p.name);
      expect(new Set(names).size).toBe(names.length);
      for (const placeholder of spec.placeholders) {
        expect(placeholder.description).not.toBe('');
        expect(placeholder.sample).not.toBe('');
      }
    }
  });

  it.each(everyDefault)(
    '%s: the %s default template and element texts only use the trigger’s placeholders',
    (trigger, locale) => {
      const spec = triggerSpec(trigger);
      const allowed = placeholderNamesOf(trigger);
      expect(() => validateTemplate(spec.defaultTemplates[locale], allowed, 'template')).not.toThrow();
      for (const element of spec.optionalElements) {
        expect(() => validateTemplate(element.defaultText[locale], allowed, element.key)).not.toThrow();
      }
    },
  );

  it.each(everyDefault)('%s (%s) renders with sample values as one GSM-7 SMS', (trigger, locale) => {
    const preview = previewResponse(defaultChatSettings(), trigger, locale);
    expect(preview.text).not.toMatch(/[{}]/);
    expect(preview.text).toContain('Autohaus Müller');
    expect(preview.encoding).toBe('GSM_7');
    expect(preview.segments).toBe(1);
    expect(preview.locale).toBe(locale);
  });

  it.each(everyDefault)('%s (%s) reads cleanly when only the sender is known', (trigger, locale) => {
    const text = renderTemplate(triggerSpec(trigger).defaultTemplates[locale], { senderName: 'Autohaus Müller' });
    expect(text).not.toMatch(/[{}]|\s[,.!?:;]|\s{2}/);
    expect(text).toMatch(locale === 'en' ? /^Hi there, / : /^Hallo, /);
  });

  const MAYBE_MISSING = ['customerName', 'advisorName', 'ticketNumber', 'amount', 'nextOpeningTime'];
  it.each(CATALOGUE.map((spec) => [spec.trigger]))(
    '%s: English defaults give a fallback to every placeholder that may be missing',
    (trigger) => {
      for (const token of parseTemplate(triggerSpec(trigger).defaultTemplates.en)) {
        if (token.kind === 'placeholder' && MAYBE_MISSING.includes(token.name)) expect(token.fallback).not.toBeNull();
      }
    },
  );

  it('has unique optional element keys per trigger', () => {
    for (const spec of CATALOGUE) {
      const keys = spec.optionalElements.map((e) => e.key);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('rejects an unknown trigger', () => {
    expect(isTrigger('MISSED_CALL')).toBe(true);
    expect(isTrigger('NOPE')).toBe(false);
    expect(() => triggerSpec('NOPE' as Trigger)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_TRIGGER', category: 'BAD_USER_INPUT' }),
    );
  });
});
