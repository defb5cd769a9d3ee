import { triggerSpec } from './catalogue';
import {
  cooldownOf,
  elementEnabled,
  elementText,
  responseOf,
  type ChatSettingsData,
  type ResponseSettings,
} from './settings-model';
import { SUPPORTED_LOCALES, TRIGGERS, type Trigger } from './triggers';

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
  for (const trigger of TRIGGERS)
    changes.push(...diffResponse(trigger, responseOf(before, trigger), responseOf(after, trigger)));
  return changes;
}

export function diffResponse(trigger: Trigger, before: ResponseSettings, after: ResponseSettings): FieldChange[] {
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
