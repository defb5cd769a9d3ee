import { placeholderNames } from '../templates/template';
import { composeMessage } from './effective-response';
import { senderName, type ChatSettingsData } from './settings-model';
import type { Trigger } from './triggers';

/** Things in a team's settings that make messages go out other than the admin may expect. */
export const SETTINGS_WARNING_CODES = ['SENDER_NAME_MISSING'] as const;
export type SettingsWarningCode = (typeof SETTINGS_WARNING_CODES)[number];

export interface SettingsWarning {
  readonly code: SettingsWarningCode;
  readonly message: string;
  /** The settings field that would fix it. */
  readonly field: string;
}

type NameFields = Pick<ChatSettingsData, 'senderIdentity' | 'companyName' | 'teamName'>;

function senderNameMissing(data: NameFields, preview: boolean): SettingsWarning {
  const field = data.senderIdentity === 'TEAM_NAME' ? 'teamName' : 'companyName';
  return {
    code: 'SENDER_NAME_MISSING',
    field,
    message: preview
      ? `No sender name is set: this preview shows a sample name, but messages go out without one. Set ${field}.`
      : `No sender name is set: messages that use {{senderName}} go out without a name. Set ${field}.`,
  };
}

/** The warnings of the settings as a whole (ChatSettings.warnings). */
export function settingsWarnings(data: NameFields): SettingsWarning[] {
  return senderName(data) === '' ? [senderNameMissing(data, false)] : [];
}

/** The warnings of one trigger's preview: only what that message, rendered for `locale`, is affected by. */
export function previewWarnings(
  data: ChatSettingsData,
  trigger: Trigger,
  locale?: string | null,
  values?: Readonly<Record<string, unknown>> | null,
): SettingsWarning[] {
  if (senderName(data) !== '' || (values?.senderName !== undefined && values.senderName !== null)) return [];
  const uses = placeholderNames(composeMessage(data, trigger, locale).text).includes('senderName');
  return uses ? [senderNameMissing(data, true)] : [];
}
