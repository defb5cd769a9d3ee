import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { TRIGGERS } from '../../domain/chat-settings/triggers';
import { assumedSize, PAGED_BY_FIRST } from '../limits/list-size';
import { effectiveResponse, previewResponse } from '../../domain/chat-settings/effective-response';
import { previewWarnings } from '../../domain/chat-settings/settings-warnings';
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
    @Arg('locale', () => String, { nullable: true, description: "Texts in this locale (default: the team's)" })
    locale?: string | null,
  ): readonly AutomatedResponse[] {
    return automatedResponsesOf(settings.stored, locale);
  }

  @FieldResolver(() => AutomatedResponse, { description: "One trigger's automated message" })
  automatedResponse(
    @Root() settings: ChatSettings,
    @Arg('trigger', () => AutomatedMessageTriggerEnum, { description: 'The trigger' }) trigger: Trigger,
    @Arg('locale', () => String, {
      description: "The locale of the texts (default: the team's default locale)",
      nullable: true,
    })
    locale?: string | null,
  ): AutomatedResponse {
    return toAutomatedResponse(settings.stored, effectiveResponse(settings.stored.data, trigger, locale));
  }

  @Directive(PAGED_BY_FIRST)
  @FieldResolver(() => ChatSettingsChangeConnection, { description: 'Every save, newest first' })
  async history(
    @Root() settings: ChatSettings,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { description: 'Page size, 1–100', defaultValue: 20 }) first: number,
    @Arg('after', () => String, {
      description: 'An endCursor (or edge cursor) of this list: the page after it',
      nullable: true,
    })
    after?: string | null,
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
      after,
    );
  }

  @Mutation(() => ChatSettings, {
    description: '"Save": validated as a whole, applied in one transaction, all or nothing',
  })
  async updateChatSettings(
    @Arg('input', () => UpdateChatSettingsInput, {
      description: 'The fields to change; absent fields stay as they are',
    })
    input: UpdateChatSettingsInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ChatSettings> {
    const { teamId, expectedVersion, ...command } = input;
    return toChatSettings(await ctx.services.chatSettings.update(ctx.viewer, teamId, command, expectedVersion));
  }

  @Mutation(() => AutomatedResponse, { description: 'The on/off switch of one trigger' })
  async setAutomatedResponseEnabled(
    @Arg('teamId', () => ID, { description: 'The team' }) teamId: string,
    @Arg('trigger', () => AutomatedMessageTriggerEnum, { description: 'The trigger to switch' }) trigger: Trigger,
    @Arg('enabled', { description: 'On or off' }) enabled: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AutomatedResponse> {
    const stored = await ctx.services.chatSettings.setEnabled(ctx.viewer, teamId, trigger, enabled);
    return toAutomatedResponse(stored, effectiveResponse(stored.data, trigger));
  }

  @Mutation(() => AutomatedResponse, {
    description: 'Restores the default texts, optional elements and cooldown (the switch stays)',
  })
  async resetAutomatedResponse(
    @Arg('teamId', () => ID, { description: 'The team' }) teamId: string,
    @Arg('trigger', () => AutomatedMessageTriggerEnum, { description: 'The trigger to reset' }) trigger: Trigger,
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
    @Arg('locale', () => String, {
      description: "The locale to render (default: the response's locale)",
      nullable: true,
    })
    locale?: string | null,
    @Arg('values', () => JSONScalar, {
      nullable: true,
      description: 'Placeholder values, e.g. {"customerName": "Alex"}',
    })
    values?: Record<string, unknown> | null,
  ): MessagePreview {
    if (values !== null && values !== undefined && (typeof values !== 'object' || Array.isArray(values))) {
      throw badInput('INVALID_PREVIEW_VALUES', 'values must be an object of placeholder names to values', 'values');
    }
    const data = response.stored.data;
    const chosen = locale ?? response.locale;
    return {
      ...previewResponse(data, response.trigger, chosen, values),
      warnings: previewWarnings(data, response.trigger, chosen, values),
    };
  }
}
