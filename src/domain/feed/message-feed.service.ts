import { assertTeamIdFormat, authorizeTeam, type Viewer } from '../access';
import type { StoredMessage } from '../automation/automation-ports';
import type { FeedItem, FeedSubscribeOptions, MessageFeed } from './feed-ports';

/** Opens a team's live feed of dispatched messages for a viewer allowed to read the team. */
export class MessageFeedService<T extends FeedItem = StoredMessage> {
  constructor(private readonly feed: MessageFeed<T>) {}

  subscribe(viewer: Viewer | null, teamId: string, options: FeedSubscribeOptions): Promise<AsyncIterableIterator<T>> {
    authorizeTeam(viewer, teamId, 'READ');
    assertTeamIdFormat(teamId);
    return this.feed.subscribe(teamId, options);
  }
}
