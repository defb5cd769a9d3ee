import type { Trigger } from '../chat-settings/triggers';
import { isMissedCallTrigger } from '../automation/choose-trigger';

/** How far back Ring Last Advisor looks for the caller's ticket (PRODUCT.md §5 rule 1). */
export const RING_LAST_ADVISOR_WINDOW_MS = 7 * 24 * 60 * 60_000;

export interface OpenTicket {
  id: string;
  openedAt: Date;
}

export interface MissedCallTicketInput {
  ringLastAdvisor: boolean;
  createMissedCallTickets: boolean;
  /** The caller's open tickets in this team (same phone number). */
  openTickets: readonly OpenTicket[];
  /** When the call happened. */
  at: Date;
}

export type MissedCallTicketChoice =
  | { action: 'LOG_ON_EXISTING'; ticketId: string; rule: 'RING_LAST_ADVISOR' | 'MOST_RECENT_OPEN_TICKET' }
  | { action: 'CREATE_TICKET' }
  | { action: 'NONE' };

/**
 * Where a missed call is logged, PRODUCT.md §5 in order: RLA on and a ticket opened within the
 * last 7 days → that ticket (beats missed-call tickets); else a new MC ticket if enabled; else the
 * most recently opened open ticket; else no ticket. A ticket opened after `at` (events processed
 * out of order) counts as recent: it is the caller's current conversation with the team.
 */
export function chooseMissedCallTicket(input: MissedCallTicketInput): MissedCallTicketChoice {
  const newest = mostRecent(input.openTickets);
  if (input.ringLastAdvisor) {
    const recent = mostRecent(
      input.openTickets.filter((t) => input.at.getTime() - t.openedAt.getTime() <= RING_LAST_ADVISOR_WINDOW_MS),
    );
    if (recent) return { action: 'LOG_ON_EXISTING', ticketId: recent.id, rule: 'RING_LAST_ADVISOR' };
  }
  if (input.createMissedCallTickets) return { action: 'CREATE_TICKET' };
  if (newest) return { action: 'LOG_ON_EXISTING', ticketId: newest.id, rule: 'MOST_RECENT_OPEN_TICKET' };
  return { action: 'NONE' };
}

/** Latest openedAt; ties go to the greater id so the choice does not depend on query order. */
function mostRecent(tickets: readonly OpenTicket[]): OpenTicket | undefined {
  let best: OpenTicket | undefined;
  for (const t of tickets) {
    const diff = best === undefined ? 1 : t.openedAt.getTime() - best.openedAt.getTime();
    if (diff > 0 || (diff === 0 && best !== undefined && t.id > best.id)) best = t;
  }
  return best;
}

export const TICKET_NUMBER_PREFIXES = ['MC', 'VM'] as const;
export type TicketNumberPrefix = (typeof TICKET_NUMBER_PREFIXES)[number];

/** "MC-1", "VM-12": per team, n allocated by storage without gaps or duplicates. */
export function ticketNumber(prefix: TicketNumberPrefix, n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`ticket sequence must be a positive integer, got ${n}`);
  return `${prefix}-${n}`;
}

/**
 * What a call's trigger means for tickets: a voicemail always opens a new unassigned VM ticket
 * (source VOICEMAIL); a missed call goes through chooseMissedCallTicket (new tickets: MC, source
 * MISSED_CALL); anything else touches no ticket.
 */
export type CallTicketRule =
  | { kind: 'VOICEMAIL_TICKET'; prefix: 'VM'; source: 'VOICEMAIL' }
  | { kind: 'MISSED_CALL_RULES'; prefix: 'MC'; source: 'MISSED_CALL' }
  | { kind: 'NONE' };

export function ticketRuleForCall(trigger: Trigger | null): CallTicketRule {
  if (trigger === 'VOICEMAIL_LEFT') return { kind: 'VOICEMAIL_TICKET', prefix: 'VM', source: 'VOICEMAIL' };
  if (isMissedCallTrigger(trigger)) return { kind: 'MISSED_CALL_RULES', prefix: 'MC', source: 'MISSED_CALL' };
  return { kind: 'NONE' };
}
