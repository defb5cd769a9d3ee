import type { Trigger } from '../chat-settings/triggers';
import {
  chooseMissedCallTicket,
  ticketNumber,
  ticketRuleForCall,
  type MissedCallTicketChoice,
  type OpenTicket,
} from './missed-call-rules';

const at = new Date('2026-03-10T12:00:00Z');
const daysAgo = (d: number, ms = 0) => new Date(at.getTime() - d * 86_400_000 - ms);

const recent: OpenTicket = { id: 'recent', openedAt: daysAgo(2) };
const older: OpenTicket = { id: 'older', openedAt: daysAgo(5) };
const exactlySeven: OpenTicket = { id: 'seven', openedAt: daysAgo(7) };
const justOver: OpenTicket = { id: 'just-over', openedAt: daysAgo(7, 1) };
const old: OpenTicket = { id: 'old', openedAt: daysAgo(30) };
const older40: OpenTicket = { id: 'older40', openedAt: daysAgo(40) };

const rla = (ticketId: string): MissedCallTicketChoice => ({
  action: 'LOG_ON_EXISTING',
  ticketId,
  rule: 'RING_LAST_ADVISOR',
});
const latest = (ticketId: string): MissedCallTicketChoice => ({
  action: 'LOG_ON_EXISTING',
  ticketId,
  rule: 'MOST_RECENT_OPEN_TICKET',
});
const create: MissedCallTicketChoice = { action: 'CREATE_TICKET' };
const none: MissedCallTicketChoice = { action: 'NONE' };

describe('chooseMissedCallTicket', () => {
  it.each<[string, boolean, boolean, OpenTicket[], MissedCallTicketChoice]>([
    // RLA on, a ticket within 7 days: logged there, even when MC tickets are on.
    ['RLA, recent ticket, MC tickets on', true, true, [recent], rla('recent')],
    ['RLA, recent ticket, MC tickets off', true, false, [recent], rla('recent')],
    ['RLA picks the most recent of several recent', true, true, [older, recent, old], rla('recent')],
    ['RLA, ticket opened exactly 7 days ago', true, true, [exactlySeven], rla('seven')],
    ['RLA, ticket opened after the call', true, true, [{ id: 'later', openedAt: daysAgo(-1) }], rla('later')],
    // RLA on, only tickets older than 7 days: RLA does not apply.
    ['RLA, ticket 7 days + 1 ms old, MC tickets on', true, true, [justOver], create],
    ['RLA, old ticket, MC tickets on', true, true, [old], create],
    ['RLA, old ticket, MC tickets off → most recent open', true, false, [older40, old], latest('old')],
    ['RLA, no tickets, MC tickets on', true, true, [], create],
    ['RLA, no tickets, MC tickets off', true, false, [], none],
    // RLA off.
    ['no RLA, recent ticket, MC tickets on', false, true, [recent], create],
    ['no RLA, recent ticket, MC tickets off', false, false, [older, recent], latest('recent')],
    ['no RLA, old ticket, MC tickets on', false, true, [old], create],
    ['no RLA, old ticket, MC tickets off', false, false, [old], latest('old')],
    ['no RLA, no tickets, MC tickets on', false, true, [], create],
    ['no RLA, no tickets, MC tickets off', false, false, [], none],
  ])('%s', (_, ringLastAdvisor, createMissedCallTickets, openTickets, expected) => {
    expect(chooseMissedCallTicket({ ringLastAdvisor, createMissedCallTickets, openTickets, at })).toEqual(expected);
  });

  it('breaks ties on openedAt by id, whatever the order', () => {
    const a = { id: 'a', openedAt: daysAgo(1) };
    const b = { id: 'b', openedAt: daysAgo(1) };
    const input = { ringLastAdvisor: true, createMissedCallTickets: false, at };
    expect(chooseMissedCallTicket({ ...input, openTickets: [a, b] })).toEqual(rla('b'));
    expect(chooseMissedCallTicket({ ...input, openTickets: [b, a] })).toEqual(rla('b'));
  });
});

describe('ticketNumber', () => {
  it.each<['MC' | 'VM', number, string]>([
    ['MC', 1, 'MC-1'],
    ['MC', 42, 'MC-42'],
    ['VM', 7, 'VM-7'],
  ])('%s %d → %s', (prefix, n, expected) => {
    expect(ticketNumber(prefix, n)).toBe(expected);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses sequence %d', (n) => {
    expect(() => ticketNumber('MC', n)).toThrow(RangeError);
  });
});

describe('ticketRuleForCall', () => {
  it.each<[Trigger | null, string]>([
    ['VOICEMAIL_LEFT', 'VOICEMAIL_TICKET'],
    ['CUSTOMER_HUNG_UP', 'MISSED_CALL_RULES'],
    ['MISSED_CALL', 'MISSED_CALL_RULES'],
    ['AFTER_HOURS_CALL', 'MISSED_CALL_RULES'],
    ['CALL_COMPLETED_WITH_TICKET', 'NONE'],
    [null, 'NONE'],
  ])('%s → %s', (trigger, kind) => {
    expect(ticketRuleForCall(trigger).kind).toBe(kind);
  });

  it('names prefix and source of the tickets it creates', () => {
    expect(ticketRuleForCall('VOICEMAIL_LEFT')).toEqual({
      kind: 'VOICEMAIL_TICKET',
      prefix: 'VM',
      source: 'VOICEMAIL',
    });
    expect(ticketRuleForCall('MISSED_CALL')).toEqual({
      kind: 'MISSED_CALL_RULES',
      prefix: 'MC',
      source: 'MISSED_CALL',
    });
  });
});
