import type { EffectiveResponse } from '../../domain/chat-settings/effective-response';
import type { StoredChatSettings } from '../../domain/ports';
import { AutomatedResponse } from './automated-response.type';

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
