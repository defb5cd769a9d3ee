import type { OptionalElementSpec, TriggerSpec } from './catalogue';
import { badInput } from '../errors';
import { SUPPORTED_LOCALES, TRIGGERS, type SenderIdentity, type SupportedLocale, type Trigger } from './triggers';

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
// Reading one response of the stored settings, defaults filled in.

/** Stored settings may predate a trigger: a missing response is the default one. */
export function responseOf(data: ChatSettingsData, trigger: Trigger): ResponseSettings {
  return data.responses?.[trigger] ?? defaultResponseSettings();
}

export function elementEnabled(response: ResponseSettings, element: OptionalElementSpec): boolean {
  return response.optionalElements?.[element.key]?.enabled ?? element.defaultEnabled;
}

export function elementText(response: ResponseSettings, element: OptionalElementSpec, locale: SupportedLocale): string {
  return response.optionalElements?.[element.key]?.text?.[locale] ?? element.defaultText[locale];
}

export function cooldownOf(response: ResponseSettings, spec: TriggerSpec): number {
  return response.cooldownMinutes ?? spec.defaultCooldownMinutes;
}

export function teamLocale(data: ChatSettingsData): SupportedLocale {
  return matchSupportedLocale(data.defaultLocale) ?? 'en';
}

export function requireLocale(locale: string, field: string): SupportedLocale {
  const matched = matchSupportedLocale(locale);
  if (matched === null) throw badInput('UNSUPPORTED_LOCALE', unsupportedLocaleMessage(locale), field, localeDetails());
  return matched;
}

/** Settings store a bare supported language: "DE" is de, "de-AT" or "fr" are rejected. */
export function strictLocale(locale: string): SupportedLocale | null {
  const normalized = locale.trim().toLowerCase();
  return isSupportedLocale(normalized) ? normalized : null;
}

export function unsupportedLocaleMessage(locale: string): string {
  return `Locale "${locale}" is not supported; use one of: ${SUPPORTED_LOCALES.join(', ')}.`;
}

export function localeDetails(): Record<string, unknown> {
  return { supportedLocales: [...SUPPORTED_LOCALES] };
}

export function present(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value.trim() === '' ? undefined : value.trim();
}
