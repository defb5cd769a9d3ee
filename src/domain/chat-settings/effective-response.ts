import { isValidTimeZone } from '../time-zones';
import { badInput } from '../errors';
import { formatAmount, formatDateTime } from '../templates/format';
import { missingPlaceholders, renderTemplate, type TemplateValues } from '../templates/render-template';
import { smsInfo, type SmsEncoding } from '../templates/sms';
import { triggerSpec, type PlaceholderSpec } from './catalogue';
import { diffResponse } from './settings-diff';
import {
  DEFAULT_TIME_ZONE,
  cooldownOf,
  defaultResponseSettings,
  elementEnabled,
  elementText,
  matchSupportedLocale,
  present,
  requireLocale,
  responseOf,
  settingsPlaceholderValues,
  teamLocale,
  type ChatSettingsData,
} from './settings-model';
import { TRIGGERS, type ContactChannel, type SupportedLocale, type Trigger } from './triggers';

// ---------------------------------------------------------------------------------------------
// Reading: what the admin page and the renderer see, defaults filled in.

export interface EffectiveOptionalElement {
  key: string;
  label: string;
  enabled: boolean;
  text: string;
  defaultText: string;
}

export interface EffectiveResponse {
  trigger: Trigger;
  label: string;
  description: string;
  channels: readonly ContactChannel[];
  enabled: boolean;
  /** The locale of `template`, `defaultTemplate` and the element texts. */
  locale: SupportedLocale;
  template: string;
  defaultTemplate: string;
  /** The template in `locale` is the team's own text. */
  isCustomized: boolean;
  /** Anything differs from the defaults (any locale's text, an element, the cooldown): what a reset undoes. */
  hasCustomizations: boolean;
  placeholders: readonly PlaceholderSpec[];
  optionalElements: EffectiveOptionalElement[];
  cooldownMinutes: number;
}

/**
 * One trigger's response for the admin page, texts in `locale` (any tag of a supported language)
 * or the team's default locale. An unsupported `locale` is BAD_USER_INPUT UNSUPPORTED_LOCALE.
 */
export function effectiveResponse(data: ChatSettingsData, trigger: Trigger, locale?: string | null): EffectiveResponse {
  const spec = triggerSpec(trigger);
  const response = responseOf(data, trigger);
  const chosen = locale === undefined || locale === null ? teamLocale(data) : requireLocale(locale, 'locale');
  const custom = response.templates[chosen];
  return {
    trigger,
    label: spec.label,
    description: spec.description,
    channels: spec.channels,
    enabled: response.enabled,
    locale: chosen,
    template: custom ?? spec.defaultTemplates[chosen],
    defaultTemplate: spec.defaultTemplates[chosen],
    isCustomized: custom !== undefined && custom !== spec.defaultTemplates[chosen],
    hasCustomizations: diffResponse(trigger, defaultResponseSettings(), { ...response, enabled: true }).length > 0,
    placeholders: spec.placeholders,
    optionalElements: spec.optionalElements.map((element) => ({
      key: element.key,
      label: element.label,
      enabled: elementEnabled(response, element),
      text: elementText(response, element, chosen),
      defaultText: element.defaultText[chosen],
    })),
    cooldownMinutes: cooldownOf(response, spec),
  };
}

/** All fourteen responses in TRIGGERS order. */
export function effectiveResponses(data: ChatSettingsData, locale?: string | null): EffectiveResponse[] {
  return TRIGGERS.map((trigger) => effectiveResponse(data, trigger, locale));
}

export function effectiveCooldownMinutes(data: ChatSettingsData, trigger: Trigger): number {
  return cooldownOf(responseOf(data, trigger), triggerSpec(trigger));
}

export interface ComposedMessage {
  locale: SupportedLocale;
  /** The template followed by the enabled optional elements, joined by a space; not yet rendered. */
  text: string;
  template: string;
  elements: { key: string; text: string }[];
}

/**
 * The text to send for a trigger, before placeholders are filled. The locale is the customer's
 * (any tag of a supported language, "de-CH" → de), else the team's default locale, else en.
 */
export function composeMessage(
  data: ChatSettingsData,
  trigger: Trigger,
  customerLocale?: string | null,
): ComposedMessage {
  const spec = triggerSpec(trigger);
  const response = responseOf(data, trigger);
  const locale = matchSupportedLocale(customerLocale) ?? teamLocale(data);
  const template = response.templates[locale] ?? spec.defaultTemplates[locale];
  const elements = spec.optionalElements
    .filter((element) => elementEnabled(response, element))
    .map((element) => ({ key: element.key, text: elementText(response, element, locale) }));
  return { locale, text: [template, ...elements.map((e) => e.text)].join(' '), template, elements };
}

export interface RenderedMessage {
  locale: SupportedLocale;
  text: string;
}

/**
 * The message as the customer gets it. The settings provide senderName, companyName, teamName and
 * voiceHubUrl unless `values` has them. An enabled optional element is left out when one of its
 * placeholders has neither a value nor a fallback: "Your ticket number is ." helps nobody.
 */
export function renderResponse(
  data: ChatSettingsData,
  trigger: Trigger,
  values: TemplateValues,
  customerLocale?: string | null,
): RenderedMessage {
  const merged: Record<string, string | null | undefined> = settingsPlaceholderValues(data);
  for (const [name, value] of Object.entries(values)) if (present(value) !== undefined) merged[name] = value;
  return renderComposed(composeMessage(data, trigger, customerLocale), merged);
}

export interface MessagePreview {
  text: string;
  length: number;
  encoding: SmsEncoding;
  segments: number;
  /** GSM-7 septets or UTF-16 code units, see smsInfo. */
  units: number;
  locale: SupportedLocale;
}

// A Monday morning, so previews show what a typical "we open again" reads like.
const SAMPLE_OPENING = new Date('2026-11-30T07:00:00Z');
const SAMPLE_AMOUNT = 149.9;
const SAMPLE_CURRENCY = 'EUR';

/**
 * Renders a trigger's response for the admin page with sample values, overridden by `values`
 * (scalars are stringified; null removes a value so the fallback shows). Names and the contact
 * page come from the settings when set; amount and next opening time are formatted for `locale`.
 */
export function previewResponse(
  data: ChatSettingsData,
  trigger: Trigger,
  locale?: string | null,
  values?: Readonly<Record<string, unknown>> | null,
): MessagePreview {
  const spec = triggerSpec(trigger);
  const chosen = locale === undefined || locale === null ? teamLocale(data) : requireLocale(locale, 'locale');
  const sample: Record<string, string | undefined> = Object.fromEntries(
    spec.placeholders.map((p) => [p.name, p.sample]),
  );
  const timeZone = isValidTimeZone(data.timeZone) ? data.timeZone : DEFAULT_TIME_ZONE;
  sample.amount = formatAmount(SAMPLE_AMOUNT, SAMPLE_CURRENCY, chosen);
  sample.nextOpeningTime = formatDateTime(SAMPLE_OPENING, timeZone, chosen);
  for (const [name, value] of Object.entries(settingsPlaceholderValues(data)))
    if (value !== undefined) sample[name] = value;

  for (const [name, value] of Object.entries(values ?? {})) {
    if (value === null || value === undefined) sample[name] = undefined;
    else if (['string', 'number', 'boolean', 'bigint'].includes(typeof value)) sample[name] = String(value);
    else {
      throw badInput(
        'INVALID_PREVIEW_VALUE',
        `The preview value of "${name}" must be text, a number or a boolean.`,
        `values.${name}`,
      );
    }
  }

  const rendered = renderComposed(composeMessage(data, trigger, chosen), sample);
  return { ...smsInfo(rendered.text), text: rendered.text, locale: rendered.locale };
}

// ---------------------------------------------------------------------------------------------

function renderComposed(composed: ComposedMessage, values: TemplateValues): RenderedMessage {
  const elements = composed.elements.filter((element) => missingPlaceholders(element.text, values).length === 0);
  const text = renderTemplate([composed.template, ...elements.map((e) => e.text)].join(' '), values);
  return { locale: composed.locale, text };
}
