import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { Activity } from '../../domain/automation/activity';
import type { Simulation as DomainSimulation } from '../../domain/automation/automation.service';
import { explainSteps } from '../../domain/automation/explain';
import { badInput } from '../../domain/errors';
import { smsInfo } from '../../domain/templates/sms';
import type { GraphQLContext } from '../context';
import { toBusinessHoursStatus } from '../ring-plans/ring-plan.type';
import {
  toAdvisorActionActivity,
  toCallEndedActivity,
  toInboundMessageActivity,
  toTicketEventActivity,
} from './activity.mapper';
import { Simulation, SimulateActivityInput } from './simulation.types';

@Resolver()
export class SimulationResolver {
  @Query(() => Simulation, {
    description:
      'Dry run (ADMIN or ADVISOR of the team): what recording this activity now would do, with the reasons; writes nothing',
  })
  async simulateActivity(
    @Arg('input', () => SimulateActivityInput, { description: 'The activity to dry-run' }) input: SimulateActivityInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Simulation> {
    return toSimulation(await ctx.services.automation.simulate(ctx.viewer, toActivity(input)));
  }
}

/** Exactly one of the four activity inputs, as the domain's activity (through the same mappers as the mutations). */
function toActivity(input: SimulateActivityInput): Activity {
  const given = [
    input.callEnded && toCallEndedActivity(input.callEnded),
    input.inboundMessage && toInboundMessageActivity(input.inboundMessage),
    input.ticketEvent && toTicketEventActivity(input.ticketEvent),
    input.advisorAction && toAdvisorActionActivity(input.advisorAction),
  ].filter((activity): activity is Activity => Boolean(activity));
  if (given.length !== 1) {
    throw badInput(
      'EXACTLY_ONE_INPUT',
      `Give exactly one of callEnded, inboundMessage, ticketEvent, advisorAction (got ${given.length})`,
      'input',
    );
  }
  return given[0];
}

function toSimulation({ plan, businessHours, timeZone, locale }: DomainSimulation): Simulation {
  const message = plan.message;
  return Object.assign(new Simulation(), {
    trigger: plan.trigger,
    decision: plan.decision,
    suppressionReason: plan.suppressionReason,
    channel: message?.channel ?? null,
    recipient: message ? message.recipient : null,
    body: message?.body ?? null,
    locale: message?.locale ?? null,
    segments: message?.segments ?? null,
    encoding: message ? smsInfo(message.body).encoding : null,
    businessHours: toBusinessHoursStatus(businessHours),
    ticketRule: plan.steps.flatMap((s) => (s.step === 'TICKET' ? [s.rule] : []))[0] ?? null,
    ticketNumber: plan.ticket?.write === 'CREATE' ? plan.ticket.ticket.number : null,
    explanation: explainSteps(plan.steps, locale === 'de' ? 'de' : 'en', timeZone),
  });
}
