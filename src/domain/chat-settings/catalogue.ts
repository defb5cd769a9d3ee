import { badInput } from '../errors';
import { CONTACT_CHANNELS, TRIGGERS, type ContactChannel, type SupportedLocale, type Trigger } from './triggers';

export interface PlaceholderSpec {
  readonly name: string;
  readonly description: string;
  /** An already formatted example value, used by previews. */
  readonly sample: string;
}

export interface OptionalElementSpec {
  readonly key: string;
  readonly label: string;
  readonly defaultEnabled: boolean;
  readonly defaultText: Readonly<Record<SupportedLocale, string>>;
}

/** What the admin page and the renderer know about one trigger. */
export interface TriggerSpec {
  readonly trigger: Trigger;
  readonly label: string;
  readonly description: string;
  readonly channels: readonly ContactChannel[];
  readonly placeholders: readonly PlaceholderSpec[];
  /** Appended to the template, in this order, when enabled. */
  readonly optionalElements: readonly OptionalElementSpec[];
  readonly defaultCooldownMinutes: number;
  readonly defaultTemplates: Readonly<Record<SupportedLocale, string>>;
}

const PHONE: readonly ContactChannel[] = ['PHONE'];
const ALL: readonly ContactChannel[] = CONTACT_CHANNELS;

const senderName: PlaceholderSpec = {
  name: 'senderName',
  description: 'Company or team name, as chosen in the settings',
  sample: 'Autohaus Müller',
};
const companyName: PlaceholderSpec = {
  name: 'companyName',
  description: 'Company name from the settings',
  sample: 'Autohaus Müller',
};
const teamName: PlaceholderSpec = {
  name: 'teamName',
  description: 'Team name from the settings',
  sample: 'Service Team',
};
const customerName: PlaceholderSpec = {
  name: 'customerName',
  description: "Customer's name, when known",
  sample: 'Alex',
};
const ticketNumber: PlaceholderSpec = { name: 'ticketNumber', description: 'Number of the ticket', sample: 'MC-42' };
const advisorName: PlaceholderSpec = { name: 'advisorName', description: 'Name of the advisor', sample: 'Sam' };
const amount: PlaceholderSpec = {
  name: 'amount',
  description: "Amount to pay, in the team's locale and currency",
  sample: '€149.90',
};
const nextOpeningTime: PlaceholderSpec = {
  name: 'nextOpeningTime',
  description: "When the team is open again, in the team's time zone",
  sample: 'Mon, Nov 30, 08:00',
};
const voiceHubUrl: PlaceholderSpec = {
  name: 'voiceHubUrl',
  description: "Link to the team's contact page (VoiceHub), from the settings",
  sample: 'https://voicehub.example/mueller',
};
const link = (description: string): PlaceholderSpec => ({
  name: 'link',
  description,
  sample: 'https://example.com/r/abc',
});

const COMMON = [senderName, companyName, teamName, customerName];

const includeTicketNumber = (defaultEnabled: boolean): OptionalElementSpec => ({
  key: 'includeTicketNumber',
  label: 'Include ticket number',
  defaultEnabled,
  defaultText: { en: 'Your ticket number is {{ticketNumber}}.', de: 'Ihre Ticketnummer: {{ticketNumber}}.' },
});
const includeNextOpeningTime: OptionalElementSpec = {
  key: 'includeNextOpeningTime',
  label: 'Include next opening time',
  defaultEnabled: true,
  defaultText: { en: 'We open again {{nextOpeningTime}}.', de: 'Wieder geöffnet ab {{nextOpeningTime}}.' },
};
const includeContactPageLink: OptionalElementSpec = {
  key: 'includeContactPageLink',
  label: 'Include link to contact page',
  defaultEnabled: false,
  defaultText: { en: 'More about us: {{voiceHubUrl}}', de: 'Mehr über uns: {{voiceHubUrl}}' },
};

/**
 * The fourteen triggers in TRIGGERS order. Default texts stay in the GSM-7 alphabet (straight
 * quotes, no dashes or emoji) and within one SMS with the sample values and default elements, and
 * every placeholder that can be missing at send time either has a fallback or tidies away cleanly
 * (German greets "Hallo {{customerName}}," which reads "Hallo," without a name).
 * Cooldowns: 60 minutes where a customer could trigger a message repeatedly (calls, after-hours
 * contacts), 0 where a person or a ticket's life cycle decides (advisor actions, resolve, close)
 * and for the first chat message, which happens once per conversation anyway.
 */
export const CATALOGUE: readonly TriggerSpec[] = [
  {
    trigger: 'CUSTOMER_HUNG_UP',
    label: 'Customer hung up',
    description:
      'Sent by SMS when a caller hangs up while waiting for an advisor, after the greeting or after choosing a menu option.',
    channels: PHONE,
    placeholders: [...COMMON, ticketNumber, voiceHubUrl],
    optionalElements: [includeTicketNumber(false), includeContactPageLink],
    defaultCooldownMinutes: 60,
    defaultTemplates: {
      en: "Hi {{customerName|there}}, sorry you had to wait when you called {{senderName}}. We'll call you back as soon as we can.",
      de: 'Hallo {{customerName}}, entschuldigen Sie die Wartezeit bei Ihrem Anruf bei {{senderName}}. Wir rufen Sie schnellstmöglich zurück.',
    },
  },
  {
    trigger: 'VOICEMAIL_LEFT',
    label: 'Voicemail left',
    description: 'Sent by SMS when a caller leaves a voicemail.',
    channels: PHONE,
    placeholders: [...COMMON, ticketNumber, voiceHubUrl],
    optionalElements: [includeTicketNumber(false), includeContactPageLink],
    defaultCooldownMinutes: 60,
    defaultTemplates: {
      en: "Hi {{customerName|there}}, thanks for your voicemail to {{senderName}}. We'll get back to you as soon as we can.",
      de: 'Hallo {{customerName}}, danke für Ihre Sprachnachricht an {{senderName}}. Wir melden uns so schnell wie möglich bei Ihnen.',
    },
  },
  {
    trigger: 'CALL_COMPLETED_WITH_TICKET',
    label: 'Call completed with ticket',
    description: 'Sent by SMS after an answered call that is linked to a ticket.',
    channels: PHONE,
    placeholders: [...COMMON, ticketNumber, advisorName, voiceHubUrl],
    optionalElements: [includeContactPageLink],
    defaultCooldownMinutes: 60,
    defaultTemplates: {
      en: "Hi {{customerName|there}}, thanks for calling {{senderName}}. We've logged your request as {{ticketNumber|a ticket}} and will keep you posted.",
      de: 'Hallo {{customerName}}, danke für Ihren Anruf bei {{senderName}}. Wir haben Ihr Anliegen unter {{ticketNumber|einer Ticketnummer}} erfasst.',
    },
  },
  {
    trigger: 'ADVISOR_RATING_REQUESTED',
    label: 'Advisor rating requested',
    description: 'Asks the customer to rate the advisor when a ticket is closed or the advisor requests a rating.',
    channels: ALL,
    placeholders: [...COMMON, ticketNumber, advisorName, link('Link to the rating page')],
    optionalElements: [includeTicketNumber(false)],
    defaultCooldownMinutes: 0,
    defaultTemplates: {
      en: 'Hi {{customerName|there}}, how did {{advisorName|we}} do? Please rate your experience with {{senderName}}: {{link|just reply to this message}}',
      de: 'Hallo {{customerName}}, wie zufrieden waren Sie mit {{advisorName|uns}}? Bitte bewerten Sie {{senderName}}: {{link|antworten Sie einfach hier}}',
    },
  },
  {
    trigger: 'ISSUE_RESOLVED',
    label: 'Issue resolved',
    description: 'Sent when a ticket is marked resolved; asks the customer to confirm the issue is solved.',
    channels: ALL,
    placeholders: [...COMMON, ticketNumber, link('Link to confirm the issue is solved')],
    optionalElements: [includeTicketNumber(false)],
    defaultCooldownMinutes: 0,
    defaultTemplates: {
      en: 'Hi {{customerName|there}}, {{senderName}} has marked your request as resolved. Is everything sorted? Let us know: {{link|just reply to this message}}',
      de: 'Hallo {{customerName}}, {{senderName}} hat Ihr Anliegen als gelöst markiert. Ist alles erledigt? Bitte geben Sie uns Bescheid: {{link|einfach hier antworten}}',
    },
  },
  {
    trigger: 'FIRST_CHAT_MESSAGE',
    label: 'First chat message',
    description: "Sent on the customer's first message of a conversation.",
    channels: ['SMS', 'WHATSAPP', 'WEB', 'MOBILE_APP'],
    placeholders: [...COMMON, voiceHubUrl],
    optionalElements: [includeContactPageLink],
    defaultCooldownMinutes: 0,
    defaultTemplates: {
      en: 'Hi {{customerName|there}}, thanks for your message to {{senderName}}. An advisor will reply shortly.',
      de: 'Hallo {{customerName}}, danke für Ihre Nachricht an {{senderName}}. Wir melden uns in Kürze bei Ihnen.',
    },
  },
  {
    trigger: 'PHOTO_VIDEO_REQUESTED',
    label: 'Photo/video requested',
    description: 'Sent when an advisor asks the customer to upload a photo or video.',
    channels: ALL,
    placeholders: [...COMMON, ticketNumber, advisorName, link('Link to the upload page')],
    optionalElements: [includeTicketNumber(false)],
    defaultCooldownMinutes: 0,
    defaultTemplates: {
      en: 'Hi {{customerName|there}}, please upload a photo or video for {{advisorName|our team}} at {{senderName}} here: {{link}}',
      de: 'Hallo {{customerName}}, {{advisorName|unser Team}} von {{senderName}} bittet Sie um ein Foto oder Video. Hier hochladen: {{link}}',
    },
  },
  {
    trigger: 'VOICEHUB_SHARED',
    label: 'VoiceHub shared',
    description: "Sent when an advisor shares the team's contact page (VoiceHub).",
    channels: ALL,
    placeholders: [...COMMON, advisorName, link("Link to the team's contact page (VoiceHub)")],
    optionalElements: [],
    defaultCooldownMinutes: 0,
    defaultTemplates: {
      en: 'Hi {{customerName|there}}, here is how to reach {{senderName}}: {{link}}',
      de: 'Hallo {{customerName}}, hier finden Sie alle Kontaktmöglichkeiten von {{senderName}}: {{link}}',
    },
  },
  {
    trigger: 'AFTER_HOURS_CALL',
    label: 'After-hours call',
    description: 'Sent by SMS when a call arrives while no ring plan is active.',
    channels: PHONE,
    placeholders: [...COMMON, ticketNumber, nextOpeningTime, voiceHubUrl],
    optionalElements: [includeNextOpeningTime, includeTicketNumber(false), includeContactPageLink],
    defaultCooldownMinutes: 60,
    defaultTemplates: {
      en: "Hi {{customerName|there}}, thanks for calling {{senderName}}. We're closed right now and will call you back.",
      de: 'Hallo {{customerName}}, danke für Ihren Anruf bei {{senderName}}. Wir sind gerade nicht erreichbar und rufen zurück.',
    },
  },
  {
    trigger: 'MISSED_CALL',
    label: 'Missed call',
    description: 'Sent by SMS when the caller hangs up during the voicemail greeting or the call-menu options.',
    channels: PHONE,
    placeholders: [...COMMON, ticketNumber, voiceHubUrl],
    optionalElements: [includeTicketNumber(false), includeContactPageLink],
    defaultCooldownMinutes: 60,
    defaultTemplates: {
      en: "Hi {{customerName|there}}, sorry we missed your call to {{senderName}}. We'll call you back as soon as we can.",
      de: 'Hallo {{customerName}}, leider haben wir Ihren Anruf bei {{senderName}} verpasst. Wir rufen Sie schnellstmöglich zurück.',
    },
  },
  {
    trigger: 'APPROVAL_REQUESTED',
    label: 'Approval requested',
    description: 'Sent when an advisor asks the customer to approve something, e.g. a quote.',
    channels: ALL,
    placeholders: [...COMMON, ticketNumber, advisorName, link('Link to the approval page')],
    optionalElements: [includeTicketNumber(false)],
    defaultCooldownMinutes: 0,
    defaultTemplates: {
      en: 'Hi {{customerName|there}}, {{senderName}} needs your approval to continue. Please review and approve here: {{link}}',
      de: 'Hallo {{customerName}}, {{senderName}} benötigt Ihre Freigabe, um fortzufahren. Bitte hier prüfen und freigeben: {{link}}',
    },
  },
  {
    trigger: 'PAYMENT_REQUESTED',
    label: 'Payment requested',
    description: 'Sent when an advisor asks the customer to pay.',
    channels: ALL,
    placeholders: [...COMMON, ticketNumber, advisorName, amount, link('Link to the payment page')],
    optionalElements: [includeTicketNumber(false)],
    defaultCooldownMinutes: 0,
    defaultTemplates: {
      en: 'Hi {{customerName|there}}, {{senderName}} has sent you a payment request for {{amount|your order}}. Pay securely here: {{link}}',
      de: 'Hallo {{customerName}}, {{senderName}} bittet Sie um Zahlung von {{amount|Ihrer Rechnung}}. Sicher bezahlen: {{link}}',
    },
  },
  {
    trigger: 'AFTER_HOURS_MESSAGE',
    label: 'After-hours message',
    description: 'Sent when an SMS or WhatsApp message arrives while no ring plan is active.',
    channels: ['SMS', 'WHATSAPP'],
    placeholders: [...COMMON, nextOpeningTime, voiceHubUrl],
    optionalElements: [includeNextOpeningTime, includeContactPageLink],
    defaultCooldownMinutes: 60,
    defaultTemplates: {
      en: "Hi {{customerName|there}}, thanks for your message to {{senderName}}. We're closed right now and will reply soon.",
      de: 'Hallo {{customerName}}, danke für Ihre Nachricht an {{senderName}}. Wir sind gerade nicht erreichbar und antworten bald.',
    },
  },
  {
    trigger: 'AFTER_HOURS_TICKET',
    label: 'After-hours ticket',
    description: 'Sent when the customer creates a ticket in the web or mobile app while no ring plan is active.',
    channels: ['WEB', 'MOBILE_APP'],
    placeholders: [...COMMON, ticketNumber, nextOpeningTime, voiceHubUrl],
    optionalElements: [includeNextOpeningTime, includeTicketNumber(false), includeContactPageLink],
    defaultCooldownMinutes: 60,
    defaultTemplates: {
      en: "Hi {{customerName|there}}, thanks for your request to {{senderName}}. We're closed right now and will get back to you.",
      de: 'Hallo {{customerName}}, danke für Ihre Anfrage an {{senderName}}. Wir sind gerade nicht erreichbar und melden uns.',
    },
  },
];

const BY_TRIGGER = new Map<string, TriggerSpec>(CATALOGUE.map((spec) => [spec.trigger, spec]));

export function isTrigger(value: unknown): value is Trigger {
  return typeof value === 'string' && BY_TRIGGER.has(value);
}

/** The catalogue entry of a trigger; BAD_USER_INPUT UNKNOWN_TRIGGER for anything else. */
export function triggerSpec(trigger: Trigger): TriggerSpec {
  const spec = BY_TRIGGER.get(trigger);
  if (spec === undefined) {
    throw badInput(
      'UNKNOWN_TRIGGER',
      `Unknown trigger "${String(trigger)}"; use one of: ${TRIGGERS.join(', ')}.`,
      'trigger',
      {
        allowedTriggers: [...TRIGGERS],
      },
    );
  }
  return spec;
}

export function placeholderNamesOf(trigger: Trigger): string[] {
  return triggerSpec(trigger).placeholders.map((p) => p.name);
}
