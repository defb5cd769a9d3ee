import { DomainError } from '../errors';
import type { ReasonCode } from '../reasons';
import { validateTemplate } from '../templates/template';
import { isTrigger, triggerSpec, type OptionalElementSpec, type TriggerSpec } from './catalogue';
import {
  MAX_COOLDOWN_MINUTES,
  localeDetails,
  strictLocale,
  unsupportedLocaleMessage,
  type ChatSettingsData,
  type OptionalElementSettings,
  type ResponseSettings,
} from './settings-model';
import { TRIGGERS, type SupportedLocale, type Trigger } from './triggers';

// Saving the automatedResponses of UpdateChatSettingsInput: one step per part of an entry.

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

export interface ValidationProblem {
  /** Input path, e.g. "automatedResponses[2].template". */
  field: string;
  code: ReasonCode;
  message: string;
  details?: Record<string, unknown>;
}

/** Appends one problem; the save goes on collecting so the admin sees every problem at once. */
export function addProblem(
  problems: ValidationProblem[],
  field: string,
  code: ReasonCode,
  message: string,
  details?: Record<string, unknown>,
): void {
  problems.push({ field, code, message, ...(details === undefined ? {} : { details }) });
}

export const isGiven = <T>(value: T | null | undefined): value is T => value !== undefined && value !== null;

/**
 * Each entry changes one trigger's response; an unknown or repeated trigger is a problem and the
 * entry is skipped. Texts without a locale are in `textLocale`, the team's locale before this save.
 */
export function applyResponses(
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
