import { effectiveResponses, type EffectiveResponse } from '../../domain/chat-settings/effective-response';
import type { StoredChatSettings } from '../../domain/ports';
import { AutomatedResponse } from './automated-response.type';

/**
 * All 14 responses of these settings in this locale (null: the team's), computed once per settings
 * object: settings are served from memory, so the same object answers every read of its version.
 */
const responsesBySettings = new WeakMap<StoredChatSettings, Map<string, readonly AutomatedResponse[]>>();

export function automatedResponsesOf(stored: StoredChatSettings, locale?: string | null): readonly AutomatedResponse[] {
  let byLocale = responsesBySettings.get(stored);
  if (!byLocale) responsesBySettings.set(stored, (byLocale = new Map()));
  const key = locale ?? '';
  let responses = byLocale.get(key);
  if (!responses) {
    responses = effectiveResponses(stored.data, locale).map((r) => toAutomatedResponse(stored, r));
    byLocale.set(key, responses);
  }
  return responses;
}

export function toAutomatedResponse(stored: StoredChatSettings, r: EffectiveResponse): AutomatedResponse {
  return Object.assign(new AutomatedResponse(), {
    stored,
    trigger: r.trigger,
    label: r.label,
    description: r.description,
    channels: [...r.channels],
    enabled: r.enabled,
    template: r.template,
    defaultTemplate: r.defaultTemplate,
    isCustomized: r.isCustomized,
    locale: r.locale,
    placeholders: r.placeholders.map((p) => ({ ...p })),
    optionalElements: r.optionalElements.map((e) => ({ ...e, isCustomized: e.text !== e.defaultText })),
    cooldownMinutes: r.cooldownMinutes,
  });
}
