import crypto from 'node:crypto';

/** Builders for activity inputs with sensible defaults; every call gets a fresh eventId. */
export const eventId = (prefix = 'evt') => `${prefix}-${crypto.randomUUID()}`;

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

export function callEnded(teamId: string, overrides: Record<string, unknown> = {}) {
  return {
    eventId: eventId('call'),
    teamId,
    callId: `call-${crypto.randomUUID()}`,
    phone: '+4930123456',
    startedAt: minutesAgo(3),
    occurredAt: minutesAgo(1),
    endedDuring: 'RINGING',
    ...overrides,
  };
}

export function inboundMessage(teamId: string, overrides: Record<string, unknown> = {}) {
  return {
    eventId: eventId('msg'),
    teamId,
    channel: 'SMS',
    conversationId: `conv-${crypto.randomUUID()}`,
    phone: '+4930123456',
    body: 'Hello',
    occurredAt: minutesAgo(1),
    ...overrides,
  };
}

export function ticketEvent(teamId: string, overrides: Record<string, unknown> = {}) {
  return {
    eventId: eventId('tkt'),
    teamId,
    ticketId: `T-${crypto.randomUUID()}`,
    number: 'T-1001',
    type: 'CREATED',
    source: 'PHONE',
    phone: '+4930123456',
    occurredAt: minutesAgo(1),
    ...overrides,
  };
}

export function advisorAction(teamId: string, overrides: Record<string, unknown> = {}) {
  return {
    eventId: eventId('adv'),
    teamId,
    action: 'REQUEST_PHOTO_VIDEO',
    channel: 'WHATSAPP',
    phone: '+4930123456',
    link: 'https://upload.example.com/abc',
    occurredAt: minutesAgo(1),
    ...overrides,
  };
}

export const OUTCOME = `eventId duplicate trigger decision suppressionReason
  message { id cursor trigger decision suppressionReason channel recipient body locale segments eventId ticket { id externalId number status source } }
  missedCall { id callId phone trigger ticketCreated ticketRule ticket { id externalId number status source } }`;
