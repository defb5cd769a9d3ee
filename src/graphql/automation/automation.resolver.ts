import { Arg, Ctx, Directive, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { assumedSize, PAGED_BY_FIRST } from '../limits/list-size';
import type { Activity } from '../../domain/automation/activity';
import type { AutomationOutcome as DomainOutcome } from '../../domain/automation/automation.service';
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
  toAdvisorActionActivity,
  toCallEndedActivity,
  toInboundMessageActivity,
  toTicketEventActivity,
} from './activity.mapper';
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

function toOutcome(o: DomainOutcome): AutomationOutcome {
  return {
    ...o,
    message: o.message ? toAutomatedMessage(o.message) : null,
    missedCall: o.missedCall ? toMissedCall(o.missedCall) : null,
  };
}

@Resolver()
export class ActivityResolver {
  @Mutation(() => AutomationOutcome, {
    description: 'A call ended: may send a message and log a missed call or voicemail ticket',
  })
  async recordCallEnded(
    @Arg('input', () => CallEndedInput, { description: 'The ended call, as telephony reports it' })
    input: CallEndedInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return this.record(ctx, toCallEndedActivity(input));
  }

  @Mutation(() => AutomationOutcome, {
    description:
      'Reports an inbound SMS, WhatsApp, web or app message (SERVICE): FIRST_CHAT_MESSAGE, AFTER_HOURS_MESSAGE, or an opt-out keyword',
  })
  async recordInboundMessage(
    @Arg('input', () => InboundMessageInput, {
      description: 'The inbound message, as the messaging service reports it',
    })
    input: InboundMessageInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return this.record(ctx, toInboundMessageActivity(input));
  }

  @Mutation(() => AutomationOutcome, {
    description:
      'Reports a ticket created, resolved or closed (SERVICE): AFTER_HOURS_TICKET, ISSUE_RESOLVED, ADVISOR_RATING_REQUESTED',
  })
  async recordTicketEvent(
    @Arg('input', () => TicketEventInput, { description: 'The ticket event, as the ticketing system reports it' })
    input: TicketEventInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return this.record(ctx, toTicketEventActivity(input));
  }

  @Mutation(() => AutomationOutcome, {
    description:
      'Reports an advisor action (ADMIN, ADVISOR or SERVICE): photo/video, VoiceHub, approval, payment or rating request',
  })
  async recordAdvisorAction(
    @Arg('input', () => AdvisorActionInput, { description: 'The advisor action' }) input: AdvisorActionInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return this.record(ctx, toAdvisorActionActivity(input));
  }

  @Mutation(() => Boolean, { description: 'A recipient opted out (or back in) elsewhere; returns the new state' })
  recordOptOut(
    @Arg('input', () => OptOutInput, { description: 'Who opted out (or back in), on which channel' })
    input: OptOutInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<boolean> {
    return ctx.services.automation.recordOptOut(ctx.viewer, input);
  }

  private async record(ctx: GraphQLContext, activity: Activity): Promise<AutomationOutcome> {
    return toOutcome(await ctx.services.automation.record(ctx.viewer, activity));
  }
}

@Resolver(() => Team)
export class TeamAutomationResolver {
  @Directive(PAGED_BY_FIRST)
  @FieldResolver(() => AutomatedMessageConnection, {
    description: 'The dispatch log in log order (oldest first, or newest first): sent and suppressed decisions',
  })
  async automatedMessages(
    @Root() team: Team,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { description: 'Page size, 1–100', defaultValue: 20 }) first: number,
    @Arg('after', () => String, {
      description: 'An endCursor (or edge cursor) of this list: the page after it',
      nullable: true,
    })
    after?: string | null,
    @Arg('filter', () => AutomatedMessageFilter, {
      description: 'Only entries matching all given conditions',
      nullable: true,
    })
    filter?: AutomatedMessageFilter | null,
    @Arg('newestFirst', () => Boolean, { description: 'Newest first instead of log order', defaultValue: false })
    newestFirst?: boolean,
  ): Promise<AutomatedMessageConnection> {
    const position = decodeCursor(MESSAGE_CURSOR, after);
    const page = await ctx.services.automationQueries.messages(ctx.viewer, ctx.loaders.automation, team.id, {
      first: pageSize(first),
      after: position === null ? null : Number(position),
      newestFirst: newestFirst ?? false,
      filter: filter ?? {},
    });
    return connectionOf(page, toAutomatedMessage, (m) => encodeCursor(MESSAGE_CURSOR, m.position), after);
  }

  @Directive(PAGED_BY_FIRST)
  @FieldResolver(() => MissedCallConnection, { description: 'Missed calls, newest first' })
  async missedCalls(
    @Root() team: Team,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { description: 'Page size, 1–100', defaultValue: 20 }) first: number,
    @Arg('after', () => String, {
      description: 'An endCursor (or edge cursor) of this list: the page after it',
      nullable: true,
    })
    after?: string | null,
  ): Promise<MissedCallConnection> {
    const seq = decodeCursor(MISSED_CALL_CURSOR, after);
    const page = await ctx.services.automationQueries.missedCalls(ctx.viewer, ctx.loaders.automation, team.id, {
      first: pageSize(first),
      after: seq === null ? null : Number(seq),
    });
    return connectionOf(page, toMissedCall, (c) => encodeCursor(MISSED_CALL_CURSOR, c.seq), after);
  }
}

@Resolver(() => AutomatedMessage)
export class AutomatedMessageResolver {
  @FieldResolver(() => Team, { description: 'The team the message belongs to' })
  team(@Root() message: AutomatedMessage): Team {
    return Object.assign(new Team(), { id: message.teamId });
  }

  @FieldResolver(() => Ticket, {
    description: 'The ticket the message refers to (e.g. of a missed call); null when none',
    nullable: true,
  })
  async ticket(@Root() message: AutomatedMessage, @Ctx() ctx: GraphQLContext): Promise<Ticket | null> {
    if (!message.ticketId) return null;
    const t = await ctx.services.automationQueries.ticket(ctx.viewer, ctx.loaders.automation, {
      teamId: message.teamId,
      id: message.ticketId,
    });
    return t ? toTicket(t) : null;
  }
}

@Resolver(() => MissedCall)
export class MissedCallResolver {
  @FieldResolver(() => Ticket, { description: 'The ticket the call was logged on; null when none', nullable: true })
  async ticket(@Root() call: MissedCall, @Ctx() ctx: GraphQLContext): Promise<Ticket | null> {
    if (!call.ticketId) return null;
    const t = await ctx.services.automationQueries.ticket(ctx.viewer, ctx.loaders.automation, {
      teamId: call.teamId,
      id: call.ticketId,
    });
    return t ? toTicket(t) : null;
  }
}

@Resolver(() => Ticket)
export class TicketResolver {
  // unbounded in principle; a ticket collects a handful of missed calls
  @Directive(assumedSize(20))
  @FieldResolver(() => [MissedCall], { description: 'Missed calls logged on this ticket, oldest first' })
  async missedCalls(@Root() ticket: Ticket, @Ctx() ctx: GraphQLContext): Promise<MissedCall[]> {
    const key = { teamId: ticket.teamId, id: ticket.localId };
    return (await ctx.services.automationQueries.missedCallsOfTicket(ctx.viewer, ctx.loaders.automation, key)).map(
      toMissedCall,
    );
  }
}

/** `_entities` for AutomatedMessage and Ticket: another team's id is answered like an unknown one (null). */
export const automationReferenceResolvers = {
  AutomatedMessage: {
    __resolveReference: async (ref: { id: string }, ctx: GraphQLContext) => {
      const m = await ctx.services.automationQueries.messageById(ctx.viewer, ctx.loaders.automation, ref.id);
      return m ? toAutomatedMessage(m) : null;
    },
  },
  Ticket: {
    __resolveReference: async (ref: { id: string }, ctx: GraphQLContext) => {
      const t = await ctx.services.automationQueries.ticketByPublicId(ctx.viewer, ctx.loaders.automation, ref.id);
      return t ? toTicket(t) : null;
    },
  },
};
