import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { StoredMessage } from '../../domain/automation/automation-ports';
import type { Trigger } from '../../domain/chat-settings/triggers';
import { DomainError } from '../../domain/errors';
import { decodeCursor, encodeCursor } from '../connection';
import type { GraphQLContext } from '../context';
import { AutomatedMessageTriggerEnum } from '../enums';
import { AutomatedMessage, MESSAGE_CURSOR, toAutomatedMessage } from './automation.types';

interface FeedArgs {
  teamId: string;
  triggers?: Trigger[] | null;
  after?: string | null;
}

/** Opens the team's feed; authorization and the cursor are checked before anything is delivered. */
async function subscribeToFeed({
  args,
  context,
}: {
  args: FeedArgs;
  context: GraphQLContext;
}): Promise<AsyncIterable<StoredMessage>> {
  const after = decodeCursor(MESSAGE_CURSOR, args.after);
  const feed = await context.services.feed.subscribe(context.viewer, args.teamId, {
    after: after === null ? null : Number(after),
    triggers: args.triggers,
  });
  return withResumeCursor(feed);
}

/** A subscriber ended for falling behind is told where to resume, as a cursor (of `kind`). */
export function withResumeCursor<T>(feed: AsyncIterableIterator<T>, kind = MESSAGE_CURSOR): AsyncIterableIterator<T> {
  return {
    next: async () => {
      try {
        return await feed.next();
      } catch (err) {
        const position = err instanceof DomainError ? err.details?.resumeAfterPosition : undefined;
        if (err instanceof DomainError && typeof position === 'number') {
          throw new DomainError(err.code, err.category, err.message, err.field, {
            resumeAfter: encodeCursor(kind, position),
          });
        }
        throw err;
      }
    },
    return: () => feed.return?.() ?? Promise.resolve({ done: true, value: undefined }),
    throw: (e?: unknown) => feed.throw?.(e) ?? Promise.reject(e),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

@Resolver()
export class AutomatedMessageFeedResolver {
  @Subscription(() => AutomatedMessage, {
    description:
      "The team's dispatched messages as they commit, in log order, from every instance. With `after` (a message " +
      'cursor) it first replays what was dispatched after it, then goes live, with no gap and no duplicate. A ' +
      'subscriber that falls too far behind gets SUBSCRIBER_TOO_SLOW with `extensions.resumeAfter` to subscribe again with; ' +
      'when the token expires the connection closes with 4403 "Token expired".',
    subscribe: subscribeToFeed as never,
  })
  automatedMessageDispatched(
    @Root() message: StoredMessage,
    @Arg('teamId', () => ID, { description: 'The team whose messages to stream' }) _teamId: string,
    @Arg('triggers', () => [AutomatedMessageTriggerEnum], {
      nullable: true,
      description: 'Only these triggers (default: all)',
    })
    _triggers?: Trigger[] | null,
    @Arg('after', () => String, { nullable: true, description: 'Replay from after this message cursor, then go live' })
    _after?: string | null,
  ): AutomatedMessage {
    return toAutomatedMessage(message);
  }
}
