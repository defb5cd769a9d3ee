import { triggerSpec } from '../chat-settings/catalogue';
import type { Trigger } from '../chat-settings/triggers';
import { formatDateTime } from '../templates/format';
import type { DecisionCheck } from './decide';
import type { DecisionStep } from './decision-steps';

export type ExplanationLocale = 'en' | 'de';

/** A phone number shown in an explanation: enough to recognise it, not enough to copy it. */
export function maskRecipient(recipient: string): string {
  if (!recipient.startsWith('+')) return recipient;
  return recipient.length <= 7 ? `${recipient.slice(0, 3)}…` : `${recipient.slice(0, 3)}…${recipient.slice(-3)}`;
}

const TRIGGER_DE: Record<Trigger, string> = {
  CUSTOMER_HUNG_UP: 'Kunde hat aufgelegt',
  VOICEMAIL_LEFT: 'Voicemail hinterlassen',
  CALL_COMPLETED_WITH_TICKET: 'Anruf mit Ticket beendet',
  ADVISOR_RATING_REQUESTED: 'Bewertung angefragt',
  ISSUE_RESOLVED: 'Anliegen gelöst',
  FIRST_CHAT_MESSAGE: 'Erste Chat-Nachricht',
  PHOTO_VIDEO_REQUESTED: 'Foto/Video angefragt',
  VOICEHUB_SHARED: 'VoiceHub geteilt',
  AFTER_HOURS_CALL: 'Anruf außerhalb der Geschäftszeiten',
  MISSED_CALL: 'Verpasster Anruf',
  APPROVAL_REQUESTED: 'Freigabe angefragt',
  PAYMENT_REQUESTED: 'Zahlung angefragt',
  AFTER_HOURS_MESSAGE: 'Nachricht außerhalb der Geschäftszeiten',
  AFTER_HOURS_TICKET: 'Ticket außerhalb der Geschäftszeiten',
};

const label = (trigger: Trigger, locale: ExplanationLocale) =>
  locale === 'de' ? TRIGGER_DE[trigger] : triggerSpec(trigger).label;

/**
 * The steps of a decision as sentences in the team's language (PRODUCT.md §13), times in the team's
 * zone. Phone numbers are masked; message texts never appear (the simulation returns the body).
 */
export function explainSteps(steps: readonly DecisionStep[], locale: ExplanationLocale, timeZone: string): string[] {
  const de = locale === 'de';
  const time = (at: Date) => `${formatDateTime(at, timeZone, locale)} ${timeZone}`;
  return steps.map((s): string => {
    switch (s.step) {
      case 'OPT_OUT_KEYWORD':
        return s.command === 'OPT_OUT'
          ? de
            ? `Die Nachricht ist ein Abmeldewort: die Nummer wird für ${s.channel} abgemeldet, es wird nichts gesendet`
            : `The message is an opt-out keyword: the number is opted out on ${s.channel} and nothing is sent`
          : de
            ? `Die Nachricht ist ein Anmeldewort: die Nummer erhält auf ${s.channel} wieder Nachrichten, es wird nichts gesendet`
            : `The message is an opt-in keyword: the number receives messages on ${s.channel} again and nothing is sent`;
      case 'BUSINESS_HOURS':
        return `${time(s.at)}: ${businessHours(s, de, time)}`;
      case 'CONVERSATION':
        return s.first
          ? de
            ? 'Erste eingehende Nachricht dieser Unterhaltung'
            : 'First inbound message of this conversation'
          : de
            ? 'Nicht die erste Nachricht dieser Unterhaltung'
            : 'Not the first message of this conversation';
      case 'TRIGGER':
        return s.trigger
          ? de
            ? `Auslöser: ${label(s.trigger, locale)}`
            : `Trigger: ${label(s.trigger, locale)}`
          : de
            ? 'Für diese Aktivität gibt es keine automatische Nachricht'
            : 'No automated message applies to this activity';
      case 'TICKET':
        return ticket(s, de);
      case 'CHECK':
        return check(s, s.trigger, locale);
      case 'DECISION':
        if (s.decision === 'DISPATCHED')
          return de ? `Ergebnis: wird per ${s.channel} gesendet` : `Result: sent by ${s.channel}`;
        if (s.decision === 'SUPPRESSED')
          return de ? `Ergebnis: unterdrückt (${s.reason})` : `Result: suppressed (${s.reason})`;
        return de ? 'Ergebnis: keine Nachricht' : 'Result: no message';
    }
  });
}

function businessHours(
  s: Extract<DecisionStep, { step: 'BUSINESS_HOURS' }>,
  de: boolean,
  time: (at: Date) => string,
): string {
  if (s.open && !s.plan) return de ? 'geöffnet (keine Ringpläne: immer geöffnet)' : 'open (no ring plans: always open)';
  if (s.open) return de ? `geöffnet (Ringplan "${s.plan!.name}")` : `open (ring plan "${s.plan!.name}")`;
  const next = s.nextOpeningAt
    ? de
      ? `; nächste Öffnung ${time(s.nextOpeningAt)}`
      : `; next opening ${time(s.nextOpeningAt)}`
    : '';
  if (s.plan)
    return de ? `geschlossen ("${s.plan.name}" ist aktiv)${next}` : `closed ("${s.plan.name}" is in effect)${next}`;
  return de
    ? `kein aktiver Ringplan (außerhalb der Geschäftszeiten)${next}`
    : `no active ring plan (outside business hours)${next}`;
}

function ticket(s: Extract<DecisionStep, { step: 'TICKET' }>, de: boolean): string {
  const n = s.ticketNumber ?? '';
  switch (s.rule) {
    case 'VOICEMAIL_TICKET':
      return de ? `Neues Voicemail-Ticket ${n}` : `New voicemail ticket ${n}`;
    case 'RING_LAST_ADVISOR':
      return de
        ? `Verpasster Anruf auf dem offenen Ticket ${n} des Anrufers (Ring Last Advisor)`
        : `Missed call logged on the caller's open ticket ${n} (Ring Last Advisor)`;
    case 'MISSED_CALL_TICKET':
      return de ? `Neues Ticket für den verpassten Anruf: ${n}` : `New missed-call ticket ${n}`;
    case 'MOST_RECENT_OPEN_TICKET':
      return de
        ? `Verpasster Anruf auf dem zuletzt geöffneten Ticket ${n} des Anrufers`
        : `Missed call logged on the caller's most recently opened ticket ${n}`;
    default:
      return de ? 'Verpasster Anruf ohne Ticket erfasst' : 'Missed call recorded without a ticket';
  }
}

function check(c: DecisionCheck, trigger: Trigger, locale: ExplanationLocale): string {
  const de = locale === 'de';
  const name = label(trigger, locale);
  switch (c.check) {
    case 'ENABLED':
      return c.passed
        ? de
          ? `"${name}" ist eingeschaltet`
          : `${name} is on`
        : de
          ? `"${name}" ist ausgeschaltet → unterdrückt (DISABLED)`
          : `${name} is switched off → suppressed (DISABLED)`;
    case 'CHANNEL':
      return c.passed
        ? de
          ? `Kanal ${c.channel} wird unterstützt`
          : `Channel ${c.channel} is supported`
        : de
          ? `Kanal ${c.channel} wird nicht unterstützt (nur ${c.supported.join(', ')}) → unterdrückt (CHANNEL_NOT_SUPPORTED)`
          : `Channel ${c.channel} is not supported (only ${c.supported.join(', ')}) → suppressed (CHANNEL_NOT_SUPPORTED)`;
    case 'RECIPIENT':
      return c.target
        ? de
          ? `Empfänger: ${maskRecipient(c.target.recipient)} per ${c.target.channel}`
          : `Recipient: ${maskRecipient(c.target.recipient)} by ${c.target.channel}`
        : de
          ? 'Keine Telefonnummer oder Unterhaltung als Empfänger → unterdrückt (NO_RECIPIENT)'
          : 'No phone number or conversation to send to → suppressed (NO_RECIPIENT)';
    case 'OPT_OUT':
      return c.passed
        ? de
          ? `${maskRecipient(c.target.recipient)} hat sich nicht abgemeldet`
          : `${maskRecipient(c.target.recipient)} has not opted out`
        : de
          ? `${maskRecipient(c.target.recipient)} hat sich für ${c.target.channel} abgemeldet → unterdrückt (OPTED_OUT)`
          : `${maskRecipient(c.target.recipient)} opted out on ${c.target.channel} → suppressed (OPTED_OUT)`;
    case 'COOLDOWN': {
      const who = maskRecipient(c.target.recipient);
      if (c.cooldownMinutes <= 0) return de ? 'Keine Sperrfrist für diese Nachricht' : 'No cooldown for this message';
      if (!c.lastDispatchedAt || c.passed) {
        return de
          ? `Keine Nachricht dieser Art an ${who} innerhalb der Sperrfrist von ${c.cooldownMinutes} Min.`
          : `No message of this kind to ${who} within the ${c.cooldownMinutes} min cooldown`;
      }
      return cooldown(c, who, de);
    }
  }
}

function cooldown(c: Extract<DecisionCheck, { check: 'COOLDOWN' }>, who: string, de: boolean): string {
  // measured on activity times, so a message reported out of order may lie after this activity
  const before = c.minutesBefore ?? 0;
  const minutes = Math.round(Math.abs(before));
  const when =
    before >= 0
      ? de
        ? `vor ${minutes} Min.`
        : `${minutes} min ago`
      : de
        ? `${minutes} Min. danach`
        : `${minutes} min after this one`;
  return de
    ? `Letzte Nachricht dieser Art an ${who} war ${when}; Sperrfrist ${c.cooldownMinutes} Min. → unterdrückt (COOLDOWN)`
    : `Last message of this kind to ${who} was ${when}; cooldown ${c.cooldownMinutes} min → suppressed (COOLDOWN)`;
}
