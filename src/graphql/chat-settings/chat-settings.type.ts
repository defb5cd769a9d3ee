import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { assumedSize } from '../limits/list-size';
import { senderName } from '../../domain/chat-settings/settings-model';
import { SETTINGS_WARNING_CODES, settingsWarnings } from '../../domain/chat-settings/settings-warnings';
import type { SenderIdentity } from '../../domain/chat-settings/triggers';
import type { StoredChatSettings } from '../../domain/ports';
import { SenderIdentityEnum } from '../enums';
import { DateTimeScalar } from '../scalars';
import { SettingsWarning } from './settings-warning.type';

@ObjectType({ description: "A team's automated chat messages and the settings they depend on" })
export class ChatSettings {
  /** Not a field: what the nested resolvers work from. */
  stored: StoredChatSettings;

  @Field(() => SenderIdentityEnum, { description: 'Whether messages name the company or the team' })
  senderIdentity: SenderIdentity;

  @Field(() => String, { description: 'The company name; null when not set', nullable: true })
  companyName: string | null;

  @Field(() => String, { description: 'The team name; null when not set', nullable: true })
  teamName: string | null;

  @Field({ description: 'The name that appears in messages (company or team name, per senderIdentity)' })
  senderName: string;

  @Field({ description: 'Create a MISSED_CALL ticket for each missed call (see ringLastAdvisor)' })
  createMissedCallTickets: boolean;

  @Field({
    description:
      "Ring Last Advisor: log a missed call on the caller's open ticket of the last 7 days instead of creating one",
  })
  ringLastAdvisor: boolean;

  @Field({ description: 'IANA time zone, e.g. Europe/Berlin' })
  timeZone: string;

  @Field({ description: 'Locale of the default texts, e.g. de or en' })
  defaultLocale: string;

  @Field(() => String, {
    description: "The team's contact page (VoiceHub), for {{link}} of VOICEHUB_SHARED; null when not set",
    nullable: true,
  })
  voiceHubUrl: string | null;

  @Field(() => Int, { description: 'Optimistic concurrency: bumps by one per save; pass as expectedVersion' })
  version: number;

  @Field(() => DateTimeScalar, {
    description: 'When the settings were last saved; null before the first save',
    nullable: true,
  })
  updatedAt: Date | null;

  @Directive(assumedSize(SETTINGS_WARNING_CODES.length))
  @Field(() => [SettingsWarning], {
    description:
      'What makes messages go out other than the admin may expect (e.g. SENDER_NAME_MISSING); [] when nothing',
  })
  warnings: SettingsWarning[];
}

export function toChatSettings(stored: StoredChatSettings): ChatSettings {
  const d = stored.data;
  return Object.assign(new ChatSettings(), {
    stored,
    senderIdentity: d.senderIdentity,
    companyName: d.companyName,
    teamName: d.teamName,
    senderName: senderName(d),
    createMissedCallTickets: d.createMissedCallTickets,
    ringLastAdvisor: d.ringLastAdvisor,
    timeZone: d.timeZone,
    defaultLocale: d.defaultLocale,
    voiceHubUrl: d.voiceHubUrl,
    version: stored.version,
    updatedAt: stored.updatedAt,
    warnings: settingsWarnings(d),
  });
}
