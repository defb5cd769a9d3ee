import type { AutomationObserver } from '../domain/automation/automation-ports';
import { maskPhone, type Logger } from './logger';
import type { Metrics } from './metrics';
import { recordActivitySpan } from './tracing';

/** One log line and the decision metrics per activity; the recipient is masked, the body never logged. */
export function automationObserver(logger: Logger, metrics: Metrics): AutomationObserver {
  return {
    decided({ kind, teamId, outcome, duplicate, seconds, recipient }) {
      metrics.activityDuration.observe({ kind }, seconds);
      recordActivitySpan({
        kind,
        teamId,
        trigger: outcome.trigger ?? null,
        decision: outcome.decision,
        suppressionReason: outcome.suppressionReason ?? null,
        duplicate,
        seconds,
      });
      if (!duplicate) {
        metrics.activityDecisions.inc({
          trigger: outcome.trigger ?? 'NONE',
          decision: outcome.decision,
          reason: outcome.suppressionReason ?? '',
        });
      }
      logger.info(
        {
          kind,
          teamId,
          eventId: outcome.eventId,
          duplicate,
          trigger: outcome.trigger,
          decision: outcome.decision,
          reason: outcome.suppressionReason ?? undefined,
          channel: outcome.message?.channel,
          recipient: recipient?.startsWith('+') ? maskPhone(recipient) : recipient ? '[conversation]' : undefined,
          ticket: outcome.message?.ticketId ?? outcome.missedCall?.ticketId ?? undefined,
          ms: Math.round(seconds * 1000),
        },
        'activity decision',
      );
    },
    conflicted(teamId) {
      metrics.writeConflicts.inc();
      logger.debug({ teamId }, 'activity write conflict, planning again');
    },
    busy(teamId) {
      metrics.teamBusy.inc();
      logger.warn({ teamId }, 'team busy: activity answered UNAVAILABLE');
    },
  };
}
