import { isValidTimeZone } from '../time-zones';
import { badInput, type DomainError } from '../errors';
import { codePointLength } from '../templates/template';
import { triggerSpec } from './catalogue';
import {
  addProblem,
  applyResponses,
  isGiven,
  type AutomatedResponseCommand,
  type ValidationProblem,
} from './response-update';
import { diffChatSettings, type SettingsChange } from './settings-diff';
import {
  MAX_NAME_LENGTH,
  MAX_URL_LENGTH,
  defaultResponseSettings,
  localeDetails,
  responseOf,
  strictLocale,
  teamLocale,
  unsupportedLocaleMessage,
  type ChatSettingsData,
  type ResponseSettings,
} from './settings-model';
import { SENDER_IDENTITIES, TRIGGERS, type SenderIdentity, type Trigger } from './triggers';

export type { AutomatedResponseCommand, OptionalElementCommand, ValidationProblem } from './response-update';

// ---------------------------------------------------------------------------------------------
// Changing: pure functions from the current settings to the next ones and the list of changes.

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
  if (isValidTimeZone(zone)) next.timeZone = canonicalZone(zone);
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
