import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { TRIGGERS } from '../../domain/chat-settings/triggers';
import { assumedSize, PAGED_BY_FIRST } from '../limits/list-size';
import { effectiveResponse, previewResponse } from '../../domain/chat-settings/effective-response';
import type { Trigger } from '../../domain/chat-settings/triggers';
import { badInput } from '../../domain/errors';
import { connectionOf, decodeCursor, encodeCursor, pageSize } from '../connection';
import type { GraphQLContext } from '../context';
import { AutomatedMessageTriggerEnum } from '../enums';
import { JSONScalar } from '../scalars';
import { automatedResponsesOf, toAutomatedResponse } from './automated-response.mapper';
import { AutomatedResponse, MessagePreview } from './automated-response.type';
import { ChatSettingsChangeConnection } from './chat-settings-change.type';
import { UpdateChatSettingsInput } from './chat-settings.input';
import { ChatSettings, toChatSettings } from './chat-settings.type';

const HISTORY_CURSOR = 'ChatSettingsChange';

@Resolver(() => ChatSettings)
export class ChatSettingsResolver {
  @Directive(assumedSize(TRIGGERS.length))
  @FieldResolver(() => [AutomatedResponse], { description: 'Always all 14 triggers, in the order of the admin page' })
  automatedResponses(
    @Root() settings: ChatSettings,
    @Arg('locale', () => String, { nullable: true, description: "Texts in this locale (default: the team's)" }) locale?: string | null,
  ): readonly AutomatedResponse[] {
    return automatedResponsesOf(settings.stored, locale);
  }

  @FieldResolver(() => AutomatedResponse)
  automatedResponse(
    @Root() settings: ChatSettings,
    @Arg('trigger', () => AutomatedMessageTriggerEnum) trigger: Trigger,
    @Arg('locale', () => String, { nullable: true }) locale?: string | null,
  ): AutomatedResponse {
    return toAutomatedResponse(settings.stored, effectiveResponse(settings.stored.data, trigger, locale));
  }

  @Directive(PAGED_BY_FIRST)
  @FieldResolver(() => ChatSettingsChangeConnection, { description: 'Every save, newest first' })
  async history(
    @Root() settings: ChatSettings,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ChatSettingsChangeConnection> {
    const page = await ctx.services.chatSettings.history(ctx.viewer, ctx.loaders.chatSettingsHistory, {
      teamId: settings.stored.teamId,
      first: pageSize(first),
      afterId: decodeCursor(HISTORY_CURSOR, after),
    });
    return connectionOf(
      page,
      (c) => ({ ...c, changes: c.changes.map((x) => ({ ...x })) }),
      (c) => encodeCursor(HISTORY_CURSOR, c.id),
    );
  }

  @Mutation(() => ChatSettings, { description: '"Save": validated as a whole, applied in one transaction, all or nothing' })
  async updateChatSettings(
    @Arg('input', () => UpdateChatSettingsInput) input: UpdateChatSettingsInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ChatSettings> {
    const { teamId, expectedVersion, ...command } = input;
    return toChatSettings(await ctx.services.chatSettings.update(ctx.viewer, teamId, command, expectedVersion));
  }

  @Mutation(() => AutomatedResponse, { description: 'The on/off switch of one trigger' })
  async setAutomatedResponseEnabled(
    @Arg('teamId', () => ID) teamId: string,
    @Arg('trigger', () => AutomatedMessageTriggerEnum) trigger: Trigger,
    @Arg('enabled') enabled: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AutomatedResponse> {
    const stored = await ctx.services.chatSettings.setEnabled(ctx.viewer, teamId, trigger, enabled);
    return toAutomatedResponse(stored, effectiveResponse(stored.data, trigger));
  }

  @Mutation(() => AutomatedResponse, { description: 'Restores the default texts, optional elements and cooldown (the switch stays)' })
  async resetAutomatedResponse(
    @Arg('teamId', () => ID) teamId: string,
    @Arg('trigger', () => AutomatedMessageTriggerEnum) trigger: Trigger,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AutomatedResponse> {
    const stored = await ctx.services.chatSettings.reset(ctx.viewer, teamId, trigger);
    return toAutomatedResponse(stored, effectiveResponse(stored.data, trigger));
  }
}

@Resolver(() => AutomatedResponse)
export class AutomatedResponseResolver {
  @FieldResolver(() => MessagePreview, { description: 'The message rendered with sample values, or the given ones' })
  preview(
    @Root() response: AutomatedResponse,
    @Arg('locale', () => String, { nullable: true }) locale?: string | null,
    @Arg('values', () => JSONScalar, { nullable: true, description: 'Placeholder values, e.g. {"customerName": "Alex"}' })
    values?: Record<string, unknown> | null,
  ): MessagePreview {
    if (values !== null && values !== undefined && (typeof values !== 'object' || Array.isArray(values))) {
      throw badInput('INVALID_PREVIEW_VALUES', 'values must be an object of placeholder names to values', 'values');
    }
    return previewResponse(response.stored.data, response.trigger, locale ?? response.locale, values);
  }
}
