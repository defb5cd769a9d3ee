import { IANAZone } from 'luxon';
import { badInput, DomainError } from '../errors';
import type { ReasonCode } from '../reasons';
import { formatAmount, formatDateTime } from '../templates/format';
import { missingPlaceholders, renderTemplate, type TemplateValues } from '../templates/render-template';
import { smsInfo, type SmsEncoding } from '../templates/sms';
import { codePointLength, validateTemplate } from '../templates/template';
import { isTrigger, triggerSpec, type OptionalElementSpec, type PlaceholderSpec, type TriggerSpec } from './catalogue';
import {
  SENDER_IDENTITIES,
  SUPPORTED_LOCALES,
  TRIGGERS,
  type ContactChannel,
  type SenderIdentity,
  type SupportedLocale,
  type Trigger,
} from './triggers';

// ---------------------------------------------------------------------------------------------
// The model. Only what the admin changed is stored: an absent text, element override or a null
// cooldown means "the catalogue default", so improved defaults reach every team that kept them.

export interface OptionalElementSettings {
  /** Absent = the element's default. */
  enabled?: boolean;
  /** Custom text per locale; absent = the default text. */
  text?: Partial<Record<string, string>>;
}

export interface ResponseSettings {
  enabled: boolean;
  /** Custom template per locale; absent = the default template. */
  templates: Partial<Record<string, string>>;
  optionalElements: Record<string, OptionalElementSettings>;
  /** null = the trigger's default cooldown. */
  cooldownMinutes: number | null;
}

export interface ChatSettingsData {
  senderIdentity: SenderIdentity;
  companyName: string | null;
  teamName: string | null;
  createMissedCallTickets: boolean;
  ringLastAdvisor: boolean;
  timeZone: string;
  defaultLocale: string;
  voiceHubUrl: string | null;
  responses: Record<Trigger, ResponseSettings>;
}

/** One changed value for the settings history; values are the effective ones (defaults filled in). */
export interface FieldChange {
  /** e.g. "timeZone", "automatedResponses.MISSED_CALL.enabled", "automatedResponses.MISSED_CALL.template.de" */
  field: string;
  from: unknown;
  to: unknown;
}

export interface SettingsChange {
  next: ChatSettingsData;
  /** Empty when nothing changed: there is nothing to save. */
  changes: FieldChange[];
}

export const DEFAULT_TIME_ZONE = 'Europe/Berlin';
/** English until the admin picks: the language every team can read, and the last fallback anyway. */
export const DEFAULT_LOCALE: SupportedLocale = 'en';
export const MAX_NAME_LENGTH = 100;
export const MAX_COOLDOWN_MINUTES = 10_080;
export const MAX_URL_LENGTH = 2048;

export function defaultResponseSettings(): ResponseSettings {
  return { enabled: true, templates: {}, optionalElements: {}, cooldownMinutes: null };
}

/**
 * A new team: every trigger on with its default text (advisor-action triggers only fire when an
 * advisor acts), the company name as sender, no missed-call tickets, no RLA, Berlin time, English.
 */
export function defaultChatSettings(): ChatSettingsData {
  return {
    senderIdentity: 'COMPANY_NAME',
    companyName: null,
    teamName: null,
    createMissedCallTickets: false,
    ringLastAdvisor: false,
    timeZone: DEFAULT_TIME_ZONE,
    defaultLocale: DEFAULT_LOCALE,
    voiceHubUrl: null,
    responses: Object.fromEntries(TRIGGERS.map((trigger) => [trigger, defaultResponseSettings()])) as Record<
      Trigger,
      ResponseSettings
    >,
  };
}

/** The name in messages: the chosen identity's name, else the other one, else "" (nothing set yet). */
export function senderName(data: Pick<ChatSettingsData, 'senderIdentity' | 'companyName' | 'teamName'>): string {
  const [preferred, other] =
    data.senderIdentity === 'TEAM_NAME' ? [data.teamName, data.companyName] : [data.companyName, data.teamName];
  return present(preferred) ?? present(other) ?? '';
}

/** Placeholder values that come from the settings rather than from the activity. */
export function settingsPlaceholderValues(data: ChatSettingsData): Record<string, string | undefined> {
  return {
    senderName: present(senderName(data)),
    companyName: present(data.companyName),
    teamName: present(data.teamName),
    voiceHubUrl: present(data.voiceHubUrl),
  };
}

export function isSupportedLocale(value: unknown): value is SupportedLocale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** The supported language of a locale tag ("de-AT" → "de"), or null when there are no texts for it. */
export function matchSupportedLocale(locale: string | null | undefined): SupportedLocale | null {
  if (locale === null || locale === undefined) return null;
  const language = locale.trim().toLowerCase().split(/[-_]/)[0];
  return isSupportedLocale(language) ? language : null;
}

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
export function composeMessage(data: ChatSettingsData, trigger: Trigger, customerLocale?: string | null): ComposedMessage {
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
  const sample: Record<string, string | undefined> = Object.fromEntries(spec.placeholders.map((p) => [p.name, p.sample]));
  const timeZone = IANAZone.isValidZone(data.timeZone) ? data.timeZone : DEFAULT_TIME_ZONE;
  sample.amount = formatAmount(SAMPLE_AMOUNT, SAMPLE_CURRENCY, chosen);
  sample.nextOpeningTime = formatDateTime(SAMPLE_OPENING, timeZone, chosen);
  for (const [name, value] of Object.entries(settingsPlaceholderValues(data))) if (value !== undefined) sample[name] = value;

  for (const [name, value] of Object.entries(values ?? {})) {
    if (value === null || value === undefined) sample[name] = undefined;
    else if (['string', 'number', 'boolean', 'bigint'].includes(typeof value)) sample[name] = String(value);
    else {
      throw badInput('INVALID_PREVIEW_VALUE', `The preview value of "${name}" must be text, a number or a boolean.`, `values.${name}`);
    }
  }

  const rendered = renderComposed(composeMessage(data, trigger, chosen), sample);
  return { ...smsInfo(rendered.text), text: rendered.text, locale: rendered.locale };
}

// ---------------------------------------------------------------------------------------------
// Changing: pure functions from the current settings to the next ones and the list of changes.

export interface OptionalElementCommand {
  key: string;
  enabled?: boolean | null;
  text?: string | null;
}

export interface AutomatedResponseCommand {
  trigger: Trigger;
  enabled?: boolean | null;
  /** The text for `locale`; without a locale, the team's default locale before this update. */
  template?: string | null;
  locale?: string | null;
  optionalElements?: readonly OptionalElementCommand[] | null;
  cooldownMinutes?: number | null;
}

/**
 * PRODUCT.md's UpdateChatSettingsInput without teamId and expectedVersion. Absent or null means
 * "leave as is", except companyName, teamName and voiceHubUrl, where null or "" clears the value.
 */
export interface UpdateChatSettingsCommand {
  senderIdentity?: SenderIdentity | null;
  companyName?: string | null;
  teamName?: string | null;
  createMissedCallTickets?: boolean | null;
  ringLastAdvisor?: boolean | null;
  timeZone?: string | null;
  defaultLocale?: string | null;
  voiceHubUrl?: string | null;
  automatedResponses?: readonly AutomatedResponseCommand[] | null;
}

export interface ValidationProblem {
  /** Input path, e.g. "automatedResponses[2].template". */
  field: string;
  code: ReasonCode;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * "Save": validates the whole command, then applies it. All problems are collected and thrown as
 * one BAD_USER_INPUT DomainError whose code, field and details are the first problem's (so a single
 * bad template surfaces as TEMPLATE_UNKNOWN_PLACEHOLDER with its allowed placeholders) and whose
 * `details.problems` lists every problem; nothing is applied then. A text or setting equal to the
 * default is stored as "not customized". No-op values produce no FieldChange.
 */
export function applyChatSettingsUpdate(current: ChatSettingsData, command: UpdateChatSettingsCommand): SettingsChange {
  const problems: ValidationProblem[] = [];
  const problem = (field: string, code: ReasonCode, message: string, details?: Record<string, unknown>) =>
    problems.push({ field, code, message, ...(details === undefined ? {} : { details }) });
  const next = cloneSettings(current);

  if (command.senderIdentity !== undefined && command.senderIdentity !== null) {
    if ((SENDER_IDENTITIES as readonly string[]).includes(command.senderIdentity)) next.senderIdentity = command.senderIdentity;
    else {
      problem('senderIdentity', 'INVALID_SENDER_IDENTITY', `Sender identity must be one of: ${SENDER_IDENTITIES.join(', ')}.`);
    }
  }

  for (const key of ['companyName', 'teamName'] as const) {
    const value = command[key];
    if (value === undefined) continue;
    const name = (value ?? '').trim();
    const label = key === 'companyName' ? 'Company name' : 'Team name';
    if (codePointLength(name) > MAX_NAME_LENGTH) {
      problem(key, 'NAME_TOO_LONG', `${label} is ${codePointLength(name)} characters long; at most ${MAX_NAME_LENGTH} are allowed.`, {
        maxLength: MAX_NAME_LENGTH,
      });
    } else next[key] = name === '' ? null : name;
  }

  if (command.createMissedCallTickets !== undefined && command.createMissedCallTickets !== null) {
    next.createMissedCallTickets = command.createMissedCallTickets;
  }
  if (command.ringLastAdvisor !== undefined && command.ringLastAdvisor !== null) next.ringLastAdvisor = command.ringLastAdvisor;

  if (command.timeZone !== undefined && command.timeZone !== null) {
    const zone = command.timeZone.trim();
    if (IANAZone.isValidZone(zone)) next.timeZone = canonicalZone(zone);
    else {
      problem('timeZone', 'INVALID_TIME_ZONE', `"${command.timeZone}" is not an IANA time zone; use a name such as Europe/Berlin.`);
    }
  }

  if (command.defaultLocale !== undefined && command.defaultLocale !== null) {
    const locale = strictLocale(command.defaultLocale);
    if (locale === null) problem('defaultLocale', 'UNSUPPORTED_LOCALE', unsupportedLocaleMessage(command.defaultLocale), localeDetails());
    else next.defaultLocale = locale;
  }

  if (command.voiceHubUrl !== undefined) {
    const url = (command.voiceHubUrl ?? '').trim();
    if (url === '') next.voiceHubUrl = null;
    else if (isHttpsUrl(url)) next.voiceHubUrl = url;
    else {
      problem('voiceHubUrl', 'INVALID_URL', `The VoiceHub link must be a complete https:// address, e.g. https://example.com/contact.`);
    }
  }

  const textLocale = teamLocale(current);
  const seenTriggers = new Set<string>();
  (command.automatedResponses ?? []).forEach((entry, i) => {
    const at = `automatedResponses[${i}]`;
    if (!isTrigger(entry.trigger)) {
      problem(`${at}.trigger`, 'UNKNOWN_TRIGGER', `Unknown trigger "${String(entry.trigger)}"; use one of: ${TRIGGERS.join(', ')}.`);
      return;
    }
    if (seenTriggers.has(entry.trigger)) {
      problem(`${at}.trigger`, 'DUPLICATE_TRIGGER', `${entry.trigger} appears more than once; send one entry per trigger.`);
      return;
    }
    seenTriggers.add(entry.trigger);
    const spec = triggerSpec(entry.trigger);
    const response = next.responses[entry.trigger];

    let locale: SupportedLocale | null = textLocale;
    if (entry.locale !== undefined && entry.locale !== null) {
      locale = strictLocale(entry.locale);
      if (locale === null) problem(`${at}.locale`, 'UNSUPPORTED_LOCALE', unsupportedLocaleMessage(entry.locale), localeDetails());
    }

    if (entry.enabled !== undefined && entry.enabled !== null) response.enabled = entry.enabled;

    if (entry.template !== undefined && entry.template !== null) {
      const text = checkedText(entry.template, spec, `${at}.template`, problems);
      if (text !== null && locale !== null) setCustomText(response.templates, locale, text, spec.defaultTemplates[locale]);
    }

    const seenKeys = new Set<string>();
    (entry.optionalElements ?? []).forEach((elementCommand, j) => {
      const elementAt = `${at}.optionalElements[${j}]`;
      const element = spec.optionalElements.find((e) => e.key === elementCommand.key);
      if (element === undefined) {
        const keys = spec.optionalElements.map((e) => e.key);
        problem(
          `${elementAt}.key`,
          'UNKNOWN_OPTIONAL_ELEMENT',
          keys.length === 0
            ? `${spec.trigger} has no optional elements.`
            : `Unknown optional element "${elementCommand.key}" for ${spec.trigger}; use one of: ${keys.join(', ')}.`,
          { allowedKeys: keys },
        );
        return;
      }
      if (seenKeys.has(element.key)) {
        problem(`${elementAt}.key`, 'DUPLICATE_OPTIONAL_ELEMENT', `Optional element "${element.key}" appears more than once.`);
        return;
      }
      seenKeys.add(element.key);
      const state: OptionalElementSettings = { ...response.optionalElements[element.key] };
      state.text = { ...state.text };
      if (elementCommand.enabled !== undefined && elementCommand.enabled !== null) {
        if (elementCommand.enabled === element.defaultEnabled) delete state.enabled;
        else state.enabled = elementCommand.enabled;
      }
      if (elementCommand.text !== undefined && elementCommand.text !== null) {
        const text = checkedText(elementCommand.text, spec, `${elementAt}.text`, problems);
        if (text !== null && locale !== null) setCustomText(state.text, locale, text, element.defaultText[locale]);
      }
      if (Object.keys(state.text).length === 0) delete state.text;
      if (Object.keys(state).length === 0) delete response.optionalElements[element.key];
      else response.optionalElements[element.key] = state;
    });

    if (entry.cooldownMinutes !== undefined && entry.cooldownMinutes !== null) {
      const minutes = entry.cooldownMinutes;
      if (!Number.isInteger(minutes) || minutes < 0 || minutes > MAX_COOLDOWN_MINUTES) {
        problem(
          `${at}.cooldownMinutes`,
          'INVALID_COOLDOWN',
          `The cooldown must be a whole number of minutes from 0 to ${MAX_COOLDOWN_MINUTES} (one week).`,
          { min: 0, max: MAX_COOLDOWN_MINUTES },
        );
      } else response.cooldownMinutes = minutes === spec.defaultCooldownMinutes ? null : minutes;
    }
  });

  if (problems.length > 0) throw invalidSettings(problems);
  return { next, changes: diffChatSettings(current, next) };
}

/**
 * "Reset": the trigger's default texts (all locales), default optional elements and default
 * cooldown. The on/off switch is kept: resetting the wording must not start or stop messages.
 */
export function resetResponse(current: ChatSettingsData, trigger: Trigger): SettingsChange {
  triggerSpec(trigger);
  const next = cloneSettings(current);
  next.responses[trigger] = { ...defaultResponseSettings(), enabled: responseOf(current, trigger).enabled };
  return { next, changes: diffChatSettings(current, next) };
}

export function setResponseEnabled(current: ChatSettingsData, trigger: Trigger, enabled: boolean): SettingsChange {
  triggerSpec(trigger);
  const next = cloneSettings(current);
  next.responses[trigger].enabled = enabled;
  return { next, changes: diffChatSettings(current, next) };
}

const TOP_LEVEL_FIELDS = [
  'senderIdentity',
  'companyName',
  'teamName',
  'createMissedCallTickets',
  'ringLastAdvisor',
  'timeZone',
  'defaultLocale',
  'voiceHubUrl',
] as const;

/**
 * What differs between two settings, compared on effective values: a custom text equal to the
 * default is no change. Order: the top-level fields, then per trigger (TRIGGERS order) enabled,
 * templates per locale, optional elements in catalogue order, cooldown.
 */
export function diffChatSettings(before: ChatSettingsData, after: ChatSettingsData): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of TOP_LEVEL_FIELDS) {
    if (before[field] !== after[field]) changes.push({ field, from: before[field], to: after[field] });
  }
  for (const trigger of TRIGGERS) changes.push(...diffResponse(trigger, responseOf(before, trigger), responseOf(after, trigger)));
  return changes;
}

function diffResponse(trigger: Trigger, before: ResponseSettings, after: ResponseSettings): FieldChange[] {
  const spec = triggerSpec(trigger);
  const base = `automatedResponses.${trigger}`;
  const changes: FieldChange[] = [];
  const compare = (field: string, from: unknown, to: unknown) => {
    if (from !== to) changes.push({ field: `${base}.${field}`, from, to });
  };
  compare('enabled', before.enabled, after.enabled);
  for (const locale of SUPPORTED_LOCALES) {
    compare(
      `template.${locale}`,
      before.templates[locale] ?? spec.defaultTemplates[locale],
      after.templates[locale] ?? spec.defaultTemplates[locale],
    );
  }
  for (const element of spec.optionalElements) {
    compare(`optionalElements.${element.key}.enabled`, elementEnabled(before, element), elementEnabled(after, element));
    for (const locale of SUPPORTED_LOCALES) {
      compare(
        `optionalElements.${element.key}.text.${locale}`,
        elementText(before, element, locale),
        elementText(after, element, locale),
      );
    }
  }
  compare('cooldownMinutes', cooldownOf(before, spec), cooldownOf(after, spec));
  return changes;
}

// ---------------------------------------------------------------------------------------------

function renderComposed(composed: ComposedMessage, values: TemplateValues): RenderedMessage {
  const elements = composed.elements.filter((element) => missingPlaceholders(element.text, values).length === 0);
  const text = renderTemplate([composed.template, ...elements.map((e) => e.text)].join(' '), values);
  return { locale: composed.locale, text };
}

/** Stored settings may predate a trigger: a missing response is the default one. */
function responseOf(data: ChatSettingsData, trigger: Trigger): ResponseSettings {
  return data.responses?.[trigger] ?? defaultResponseSettings();
}

function elementEnabled(response: ResponseSettings, element: OptionalElementSpec): boolean {
  return response.optionalElements?.[element.key]?.enabled ?? element.defaultEnabled;
}

function elementText(response: ResponseSettings, element: OptionalElementSpec, locale: SupportedLocale): string {
  return response.optionalElements?.[element.key]?.text?.[locale] ?? element.defaultText[locale];
}

function cooldownOf(response: ResponseSettings, spec: TriggerSpec): number {
  return response.cooldownMinutes ?? spec.defaultCooldownMinutes;
}

function teamLocale(data: ChatSettingsData): SupportedLocale {
  return matchSupportedLocale(data.defaultLocale) ?? 'en';
}

function requireLocale(locale: string, field: string): SupportedLocale {
  const matched = matchSupportedLocale(locale);
  if (matched === null) throw badInput('UNSUPPORTED_LOCALE', unsupportedLocaleMessage(locale), field, localeDetails());
  return matched;
}

/** Settings store a bare supported language: "DE" is de, "de-AT" or "fr" are rejected. */
function strictLocale(locale: string): SupportedLocale | null {
  const normalized = locale.trim().toLowerCase();
  return isSupportedLocale(normalized) ? normalized : null;
}

function unsupportedLocaleMessage(locale: string): string {
  return `Locale "${locale}" is not supported; use one of: ${SUPPORTED_LOCALES.join(', ')}.`;
}

function localeDetails(): Record<string, unknown> {
  return { supportedLocales: [...SUPPORTED_LOCALES] };
}

/** Validates a template or element text against the trigger's placeholders; the trimmed text, or null after recording the problem. */
function checkedText(text: string, spec: TriggerSpec, field: string, problems: ValidationProblem[]): string | null {
  const trimmed = text.trim();
  try {
    validateTemplate(
      trimmed,
      spec.placeholders.map((p) => p.name),
      field,
    );
    return trimmed;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    problems.push({ field: error.field ?? field, code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) });
    return null;
  }
}

function setCustomText(texts: Partial<Record<string, string>>, locale: SupportedLocale, text: string, defaultText: string): void {
  if (text === defaultText) delete texts[locale];
  else texts[locale] = text;
}

function invalidSettings(problems: ValidationProblem[]): DomainError {
  const [first] = problems;
  const message =
    problems.length === 1
      ? first.message
      : `Nothing was saved; ${problems.length} problems: ${problems.map((p, i) => `(${i + 1}) ${p.field}: ${p.message}`).join(' ')}`;
  return badInput(first.code, message, first.field, {
    ...first.details,
    problems: problems.map(({ field, code, message }) => ({ field, code, message })),
  });
}

function cloneSettings(data: ChatSettingsData): ChatSettingsData {
  return {
    ...data,
    responses: Object.fromEntries(TRIGGERS.map((trigger) => [trigger, structuredClone(responseOf(data, trigger))])) as Record<
      Trigger,
      ResponseSettings
    >,
  };
}

function canonicalZone(zone: string): string {
  return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
}

function isHttpsUrl(value: string): boolean {
  if (value.length > MAX_URL_LENGTH || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

function present(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value.trim() === '' ? undefined : value.trim();
}
