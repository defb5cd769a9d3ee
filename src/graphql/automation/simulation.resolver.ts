import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { Activity } from '../../domain/automation/activity';
import type { Simulation as DomainSimulation } from '../../domain/automation/automation.service';
import { explainSteps } from '../../domain/automation/explain';
import { badInput } from '../../domain/errors';
import { smsInfo } from '../../domain/templates/sms';
import type { GraphQLContext } from '../context';
import { toBusinessHoursStatus } from '../ring-plans/ring-plan.type';
import { Simulation, SimulateActivityInput } from './simulation.types';

const KINDS = {
  callEnded: 'CALL_ENDED',
  inboundMessage: 'INBOUND_MESSAGE',
  ticketEvent: 'TICKET_EVENT',
  advisorAction: 'ADVISOR_ACTION',
} as const satisfies Record<keyof SimulateActivityInput, Activity['kind']>;

@Resolver()
export class SimulationResolver {
  @Query(() => Simulation, {
    description: 'Dry run (ADMIN or ADVISOR of the team): what recording this activity now would do, with the reasons; writes nothing',
  })
  async simulateActivity(@Arg('input', () => SimulateActivityInput) input: SimulateActivityInput, @Ctx() ctx: GraphQLContext): Promise<Simulation> {
    return toSimulation(await ctx.services.automation.simulate(ctx.viewer, toActivity(input)));
  }
}

/** Exactly one of the four activity inputs, as the domain's activity. */
function toActivity(input: SimulateActivityInput): Activity {
  const given = (Object.keys(KINDS) as (keyof typeof KINDS)[]).filter((key) => input[key] != null);
  if (given.length !== 1) {
    throw badInput('EXACTLY_ONE_INPUT', `Give exactly one of ${Object.keys(KINDS).join(', ')} (got ${given.length})`, 'input');
  }
  const key = given[0];
  const fields = Object.fromEntries(Object.entries(input[key]!).filter(([, v]) => v !== null && v !== undefined));
  return { kind: KINDS[key], ...fields } as Activity;
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
