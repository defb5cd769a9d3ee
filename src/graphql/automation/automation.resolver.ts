import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Activity } from '../../domain/automation/activity';
import type { AutomationOutcome as DomainOutcome } from '../../domain/automation/automation.service';
import { authorizeTeam, isMemberOf } from '../../domain/access';
import { connectionOf, decodeCursor, encodeCursor, pageSize } from '../connection';
import type { GraphQLContext } from '../context';
import { Team } from '../team/team.type';
import {
  AdvisorActionInput,
  AutomatedMessageFilter,
  CallEndedInput,
  InboundMessageInput,
  OptOutInput,
  TicketEventInput,
} from './activity.inputs';
import {
  AutomatedMessage,
  AutomatedMessageConnection,
  AutomationOutcome,
  MESSAGE_CURSOR,
  MISSED_CALL_CURSOR,
  MissedCall,
  MissedCallConnection,
  Ticket,
  toAutomatedMessage,
  toMissedCall,
  toTicket,
} from './automation.types';

/** GraphQL leaves absent optionals as null; the domain wants them absent. */
function withoutNulls<T extends object>(input: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined)) as never;
}

function toOutcome(o: DomainOutcome): AutomationOutcome {
  return {
    ...o,
    message: o.message ? toAutomatedMessage(o.message) : null,
    missedCall: o.missedCall ? toMissedCall(o.missedCall) : null,
  };
}

@Resolver()
export class ActivityResolver {
  @Mutation(() => AutomationOutcome, { description: 'A call ended: may send a message and log a missed call or voicemail ticket' })
  async recordCallEnded(@Arg('input', () => CallEndedInput) input: CallEndedInput, @Ctx() ctx: GraphQLContext) {
    return this.record(ctx, { kind: 'CALL_ENDED', ...withoutNulls(input) } as Activity);
  }

  @Mutation(() => AutomationOutcome)
  async recordInboundMessage(@Arg('input', () => InboundMessageInput) input: InboundMessageInput, @Ctx() ctx: GraphQLContext) {
    return this.record(ctx, { kind: 'INBOUND_MESSAGE', ...withoutNulls(input) } as Activity);
  }

  @Mutation(() => AutomationOutcome)
  async recordTicketEvent(@Arg('input', () => TicketEventInput) input: TicketEventInput, @Ctx() ctx: GraphQLContext) {
    return this.record(ctx, { kind: 'TICKET_EVENT', ...withoutNulls(input) } as Activity);
  }

  @Mutation(() => AutomationOutcome)
  async recordAdvisorAction(@Arg('input', () => AdvisorActionInput) input: AdvisorActionInput, @Ctx() ctx: GraphQLContext) {
    return this.record(ctx, { kind: 'ADVISOR_ACTION', ...withoutNulls(input) } as Activity);
  }

  @Mutation(() => Boolean, { description: 'A recipient opted out (or back in) elsewhere; returns the new state' })
  recordOptOut(@Arg('input', () => OptOutInput) input: OptOutInput, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return ctx.services.automation.recordOptOut(ctx.viewer, input);
  }

  private async record(ctx: GraphQLContext, activity: Activity): Promise<AutomationOutcome> {
    return toOutcome(await ctx.services.automation.record(ctx.viewer, activity));
  }
}

@Resolver(() => Team)
export class TeamAutomationResolver {
  @FieldResolver(() => AutomatedMessageConnection, {
    description: "The dispatch log in log order (oldest first, or newest first): sent and suppressed decisions",
  })
  async automatedMessages(
    @Root() team: Team,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('filter', () => AutomatedMessageFilter, { nullable: true }) filter?: AutomatedMessageFilter | null,
    @Arg('newestFirst', () => Boolean, { defaultValue: false }) newestFirst?: boolean,
  ): Promise<AutomatedMessageConnection> {
    const position = decodeCursor(MESSAGE_CURSOR, after);
    const page = await ctx.services.automationQueries.messages(ctx.viewer, team.id, {
      first: pageSize(first),
      after: position === null ? null : Number(position),
      newestFirst: newestFirst ?? false,
      filter: filter ?? {},
    });
    return connectionOf(page, toAutomatedMessage, (m) => encodeCursor(MESSAGE_CURSOR, m.position), after);
  }

  @FieldResolver(() => MissedCallConnection, { description: 'Missed calls, newest first' })
  async missedCalls(
    @Root() team: Team,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<MissedCallConnection> {
    const seq = decodeCursor(MISSED_CALL_CURSOR, after);
    const page = await ctx.services.automationQueries.missedCalls(ctx.viewer, team.id, {
      first: pageSize(first),
      after: seq === null ? null : Number(seq),
    });
    return connectionOf(page, toMissedCall, (c) => encodeCursor(MISSED_CALL_CURSOR, c.seq), after);
  }
}

@Resolver(() => AutomatedMessage)
export class AutomatedMessageResolver {
  @FieldResolver(() => Team)
  team(@Root() message: AutomatedMessage): Team {
    return Object.assign(new Team(), { id: message.teamId });
  }

  @FieldResolver(() => Ticket, { nullable: true })
  async ticket(@Root() message: AutomatedMessage, @Ctx() ctx: GraphQLContext): Promise<Ticket | null> {
    if (!message.ticketId) return null;
    const t = await ctx.loaders.ticketByKey.load({ teamId: message.teamId, id: message.ticketId });
    return t ? toTicket(t) : null;
  }
}

@Resolver(() => MissedCall)
export class MissedCallResolver {
  @FieldResolver(() => Ticket, { nullable: true })
  async ticket(@Root() call: MissedCall, @Ctx() ctx: GraphQLContext): Promise<Ticket | null> {
    if (!call.ticketId) return null;
    const t = await ctx.loaders.ticketByKey.load({ teamId: call.teamId, id: call.ticketId });
    return t ? toTicket(t) : null;
  }
}

@Resolver(() => Ticket)
export class TicketResolver {
  @FieldResolver(() => [MissedCall], { description: 'Missed calls logged on this ticket, oldest first' })
  async missedCalls(@Root() ticket: Ticket, @Ctx() ctx: GraphQLContext): Promise<MissedCall[]> {
    authorizeTeam(ctx.viewer, ticket.teamId, 'READ');
    return (await ctx.loaders.missedCallsByTicket.load({ teamId: ticket.teamId, id: ticket.id })).map(toMissedCall);
  }
}

/** `_entities` for AutomatedMessage and Ticket: found by id, then checked against the viewer's teams. */
export const automationReferenceResolvers = {
  AutomatedMessage: {
    __resolveReference: async (ref: { id: string }, ctx: GraphQLContext) => {
      const m = await ctx.loaders.messageById.load(ref.id);
      if (!m) return null;
      authorizeTeam(ctx.viewer, m.teamId, 'READ');
      return toAutomatedMessage(m);
    },
  },
  Ticket: {
    __resolveReference: async (ref: { id: string }, ctx: GraphQLContext) => {
      const tickets = await ctx.loaders.ticketsById.load(ref.id);
      if (!tickets.length) return null;
      // ids from the ticketing service are unique per team: prefer the viewer's team
      const ticket = tickets.find((t) => ctx.viewer && isMemberOf(ctx.viewer, t.teamId)) ?? tickets[0];
      authorizeTeam(ctx.viewer, ticket.teamId, 'READ');
      return toTicket(ticket);
    },
  },
};
