import type { Trigger } from '../chat-settings/triggers';
import type { Activity } from './activity';

/** Values for the common placeholders of PRODUCT.md §3; undefined renders the template's fallback. */
export interface PlaceholderValues {
  senderName: string | undefined;
  companyName: string | undefined;
  teamName: string | undefined;
  customerName: string | undefined;
  ticketNumber: string | undefined;
  advisorName: string | undefined;
  link: string | undefined;
  amount: string | undefined;
  nextOpeningTime: string | undefined;
}

export interface PlaceholderSources {
  activity: Activity;
  trigger: Trigger;
  /** From the team's settings: company or team name per its sender identity. */
  senderName?: string;
  companyName?: string;
  teamName?: string;
  voiceHubUrl?: string;
  /** The ticket the message is about when the service knows better than the activity (e.g. a new MC-/VM- ticket). */
  ticketNumber?: string;
  /** templates/format.ts formatAmount(...) of the activity's amount. */
  amount?: string;
  /** The next opening time, already formatted in the team's time zone and locale. */
  nextOpeningTime?: string;
}

/** Gathers what a message can say from the activity and the already-formatted team facts. */
export function placeholderValues(sources: PlaceholderSources): PlaceholderValues {
  const { activity, trigger } = sources;
  const action = activity.kind === 'ADVISOR_ACTION' ? activity : undefined;
  return {
    senderName: present(sources.senderName),
    companyName: present(sources.companyName),
    teamName: present(sources.teamName),
    customerName: present(activity.customerName),
    ticketNumber: present(sources.ticketNumber) ?? activityTicketNumber(activity),
    advisorName: present(action?.advisorName),
    // "Share VoiceHub" shares the team's contact page unless the advisor gave a specific link.
    link: present(action?.link) ?? (trigger === 'VOICEHUB_SHARED' ? present(sources.voiceHubUrl) : undefined),
    amount: present(sources.amount),
    nextOpeningTime: present(sources.nextOpeningTime),
  };
}

function activityTicketNumber(activity: Activity): string | undefined {
  switch (activity.kind) {
    case 'CALL_ENDED':
      return present(activity.ticketNumber);
    case 'TICKET_EVENT':
      return present(activity.number);
    default:
      return undefined;
  }
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
