import { IANAZone } from 'luxon';
import { badInput, DomainError } from '../errors';
import type { ReasonCode } from '../reasons';
import { codePointLength, validateTemplate } from '../templates/template';
import { isTrigger, triggerSpec, type OptionalElementSpec, type TriggerSpec } from './catalogue';
import { diffChatSettings, type SettingsChange } from './settings-diff';
import {
  MAX_COOLDOWN_MINUTES,
  MAX_NAME_LENGTH,
  MAX_URL_LENGTH,
  defaultResponseSettings,
  localeDetails,
  responseOf,
  strictLocale,
  teamLocale,
  unsupportedLocaleMessage,
  type ChatSettingsData,
  type OptionalElementSettings,
  type ResponseSettings,
} from './settings-model';
import { SENDER_IDENTITIES, TRIGGERS, type SenderIdentity, type SupportedLocale, type Trigger } from './triggers';

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
 */ export function applyChatSettingsUpdate(
  current: ChatSettingsData,
  command: UpdateChatSettingsCommand,
): SettingsChange {
  const problems: ValidationProblem[] = [];
  const next = cloneSettings(current);
  applySenderIdentity(next, command, problems);
  applyNames(next, command, problems);
  applyTicketSwitches(next, command);
  applyTimeZone(next, command, problems);
  applyDefaultLocale(next, command, problems);
  applyVoiceHubUrl(next, command, problems);
  applyResponses(next, command.automatedResponses ?? [], teamLocale(current), problems);
  if (problems.length > 0) throw invalidSettings(problems);
  return { next, changes: diffChatSettings(current, next) };
}

/** Appends one problem; the save goes on collecting so the admin sees every problem at once. */
function addProblem(
  problems: ValidationProblem[],
  field: string,
  code: ReasonCode,
  message: string,
  details?: Record<string, unknown>,
): void {
  problems.push({ field, code, message, ...(details === undefined ? {} : { details }) });
}

const isGiven = <T>(value: T | null | undefined): value is T => value !== undefined && value !== null;

function applySenderIdentity(
  next: ChatSettingsData,
  command: UpdateChatSettingsCommand,
  problems: ValidationProblem[],
): void {
  if (!isGiven(command.senderIdentity)) return;
  if ((SENDER_IDENTITIES as readonly string[]).includes(command.senderIdentity))
    next.senderIdentity = command.senderIdentity;
  else {
    addProblem(
      problems,
      'senderIdentity',
      'INVALID_SENDER_IDENTITY',
      `Sender identity must be one of: ${SENDER_IDENTITIES.join(', ')}.`,
    );
  }
}

/** companyName and teamName: trimmed, "" or null clears the name. */
function applyNames(next: ChatSettingsData, command: UpdateChatSettingsCommand, problems: ValidationProblem[]): void {
  for (const key of ['companyName', 'teamName'] as const) {
    const value = command[key];
    if (value === undefined) continue;
    const name = (value ?? '').trim();
    const label = key === 'companyName' ? 'Company name' : 'Team name';
    if (codePointLength(name) > MAX_NAME_LENGTH) {
      addProblem(
        problems,
        key,
        'NAME_TOO_LONG',
        `${label} is ${codePointLength(name)} characters long; at most ${MAX_NAME_LENGTH} are allowed.`,
        {
          maxLength: MAX_NAME_LENGTH,
        },
      );
    } else next[key] = name === '' ? null : name;
  }
}

function applyTicketSwitches(next: ChatSettingsData, command: UpdateChatSettingsCommand): void {
  if (isGiven(command.createMissedCallTickets)) next.createMissedCallTickets = command.createMissedCallTickets;
  if (isGiven(command.ringLastAdvisor)) next.ringLastAdvisor = command.ringLastAdvisor;
}

function applyTimeZone(
  next: ChatSettingsData,
  command: UpdateChatSettingsCommand,
  problems: ValidationProblem[],
): void {
  if (!isGiven(command.timeZone)) return;
  const zone = command.timeZone.trim();
  if (IANAZone.isValidZone(zone)) next.timeZone = canonicalZone(zone);
  else {
    addProblem(
      problems,
      'timeZone',
      'INVALID_TIME_ZONE',
      `"${command.timeZone}" is not an IANA time zone; use a name such as Europe/Berlin.`,
    );
  }
}

function applyDefaultLocale(
  next: ChatSettingsData,
  command: UpdateChatSettingsCommand,
  problems: ValidationProblem[],
): void {
  if (!isGiven(command.defaultLocale)) return;
  const locale = strictLocale(command.defaultLocale);
  if (locale === null) {
    addProblem(
      problems,
      'defaultLocale',
      'UNSUPPORTED_LOCALE',
      unsupportedLocaleMessage(command.defaultLocale),
      localeDetails(),
    );
  } else next.defaultLocale = locale;
}

/** "" or null clears the link. */
function applyVoiceHubUrl(
  next: ChatSettingsData,
  command: UpdateChatSettingsCommand,
  problems: ValidationProblem[],
): void {
  if (command.voiceHubUrl === undefined) return;
  const url = (command.voiceHubUrl ?? '').trim();
  if (url === '') next.voiceHubUrl = null;
  else if (isHttpsUrl(url)) next.voiceHubUrl = url;
  else {
    addProblem(
      problems,
      'voiceHubUrl',
      'INVALID_URL',
      `The VoiceHub link must be a complete https:// address, e.g. https://example.com/contact.`,
    );
  }
}

/**
 * Each entry changes one trigger's response; an unknown or repeated trigger is a problem and the
 * entry is skipped. Texts without a locale are in `textLocale`, the team's locale before this save.
 */
function applyResponses(
  next: ChatSettingsData,
  entries: readonly AutomatedResponseCommand[],
  textLocale: SupportedLocale,
  problems: ValidationProblem[],
): void {
  const seenTriggers = new Set<string>();
  entries.forEach((entry, i) => {
    const at = `automatedResponses[${i}]`;
    if (!isTrigger(entry.trigger)) {
      addProblem(
        problems,
        `${at}.trigger`,
        'UNKNOWN_TRIGGER',
        `Unknown trigger "${String(entry.trigger)}"; use one of: ${TRIGGERS.join(', ')}.`,
      );
      return;
    }
    if (seenTriggers.has(entry.trigger)) {
      addProblem(
        problems,
        `${at}.trigger`,
        'DUPLICATE_TRIGGER',
        `${entry.trigger} appears more than once; send one entry per trigger.`,
      );
      return;
    }
    seenTriggers.add(entry.trigger);
    applyResponse(next.responses[entry.trigger], triggerSpec(entry.trigger), entry, { at, textLocale, problems });
  });
}

/** Where a response entry sits in the command, the locale of its texts, and the problems so far. */
interface EntryContext {
  at: string;
  textLocale: SupportedLocale;
  problems: ValidationProblem[];
}

function applyResponse(
  response: ResponseSettings,
  spec: TriggerSpec,
  entry: AutomatedResponseCommand,
  context: EntryContext,
): void {
  const { at, problems } = context;
  let locale: SupportedLocale | null = context.textLocale;
  if (isGiven(entry.locale)) {
    locale = strictLocale(entry.locale);
    if (locale === null)
      addProblem(
        problems,
        `${at}.locale`,
        'UNSUPPORTED_LOCALE',
        unsupportedLocaleMessage(entry.locale),
        localeDetails(),
      );
  }
  if (isGiven(entry.enabled)) response.enabled = entry.enabled;
  if (isGiven(entry.template)) {
    const text = checkedText(entry.template, spec, `${at}.template`, problems);
    if (text !== null && locale !== null)
      setCustomText(response.templates, locale, text, spec.defaultTemplates[locale]);
  }
  applyOptionalElements(response, spec, entry.optionalElements ?? [], locale, context);
  applyCooldown(response, spec, entry.cooldownMinutes, context);
}

function applyOptionalElements(
  response: ResponseSettings,
  spec: TriggerSpec,
  commands: readonly OptionalElementCommand[],
  locale: SupportedLocale | null,
  { at, problems }: EntryContext,
): void {
  const seenKeys = new Set<string>();
  commands.forEach((elementCommand, j) => {
    const elementAt = `${at}.optionalElements[${j}]`;
    const element = spec.optionalElements.find((e) => e.key === elementCommand.key);
    if (element === undefined) {
      const keys = spec.optionalElements.map((e) => e.key);
      addProblem(
        problems,
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
      addProblem(
        problems,
        `${elementAt}.key`,
        'DUPLICATE_OPTIONAL_ELEMENT',
        `Optional element "${element.key}" appears more than once.`,
      );
      return;
    }
    seenKeys.add(element.key);
    applyOptionalElement(response, spec, element, elementCommand, { locale, field: elementAt, problems });
  });
}

/** Stores only what differs from the element's defaults; an element back at its defaults is removed. */
function applyOptionalElement(
  response: ResponseSettings,
  spec: TriggerSpec,
  element: OptionalElementSpec,
  command: OptionalElementCommand,
  { locale, field, problems }: { locale: SupportedLocale | null; field: string; problems: ValidationProblem[] },
): void {
  const state: OptionalElementSettings = { ...response.optionalElements[element.key] };
  state.text = { ...state.text };
  if (isGiven(command.enabled)) {
    if (command.enabled === element.defaultEnabled) delete state.enabled;
    else state.enabled = command.enabled;
  }
  if (isGiven(command.text)) {
    const text = checkedText(command.text, spec, `${field}.text`, problems);
    if (text !== null && locale !== null) setCustomText(state.text, locale, text, element.defaultText[locale]);
  }
  if (Object.keys(state.text).length === 0) delete state.text;
  if (Object.keys(state).length === 0) delete response.optionalElements[element.key];
  else response.optionalElements[element.key] = state;
}

/** The trigger's default cooldown is stored as null, so a better default reaches the team later. */
function applyCooldown(
  response: ResponseSettings,
  spec: TriggerSpec,
  minutes: number | null | undefined,
  { at, problems }: EntryContext,
): void {
  if (!isGiven(minutes)) return;
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > MAX_COOLDOWN_MINUTES) {
    addProblem(
      problems,
      `${at}.cooldownMinutes`,
      'INVALID_COOLDOWN',
      `The cooldown must be a whole number of minutes from 0 to ${MAX_COOLDOWN_MINUTES} (one week).`,
      { min: 0, max: MAX_COOLDOWN_MINUTES },
    );
  } else response.cooldownMinutes = minutes === spec.defaultCooldownMinutes ? null : minutes;
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
    problems.push({
      field: error.field ?? field,
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
    });
    return null;
  }
}

function setCustomText(
  texts: Partial<Record<string, string>>,
  locale: SupportedLocale,
  text: string,
  defaultText: string,
): void {
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
    responses: Object.fromEntries(
      TRIGGERS.map((trigger) => [trigger, structuredClone(responseOf(data, trigger))]),
    ) as Record<Trigger, ResponseSettings>,
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
