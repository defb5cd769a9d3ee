import type { MessageChannel, Trigger } from '../chat-settings/triggers';
import type { RingPlanKind } from '../ring-plans/ring-plan';
import type { AutomationDecision, DecisionCheck, SuppressionReason } from './decide';
import type { OptOutCommand } from './opt-out';

/**
 * What the planner looked at, in order, and what it concluded at each step: recorded by the one
 * function that decides (planActivity), so a dry run's explanation can never disagree with it.
 */
export type DecisionStep =
  | { step: 'OPT_OUT_KEYWORD'; command: OptOutCommand; channel: MessageChannel }
  | {
      step: 'BUSINESS_HOURS';
      at: Date;
      open: boolean;
      /** The winning plan; null when none covers the instant, or (when open) when the team has no plans. */
      plan: { name: string; kind: RingPlanKind } | null;
      nextOpeningAt: Date | null;
    }
  | { step: 'CONVERSATION'; first: boolean }
  | { step: 'TRIGGER'; trigger: Trigger | null }
  | { step: 'TICKET'; rule: string; ticketNumber: string | null; created: boolean }
  | ({ step: 'CHECK'; trigger: Trigger } & DecisionCheck)
  | {
      step: 'DECISION';
      decision: AutomationDecision;
      reason: SuppressionReason | null;
      channel: MessageChannel | null;
    };
