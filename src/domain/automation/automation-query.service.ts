import { authorizeTeam, type Viewer } from '../access';
import type {
  AutomationReadRepository,
  MessageFilter,
  PageOf,
  StoredMessage,
  StoredMissedCall,
  StoredTicket,
  TicketKey,
} from './automation-ports';

/** Answers "what was sent, and why not": the dispatch log, missed calls and tickets, per team. */
export class AutomationQueryService {
  constructor(private readonly repo: AutomationReadRepository) {}

  messages(
    viewer: Viewer | null,
    teamId: string,
    options: { first: number; after: number | null; newestFirst: boolean; filter: MessageFilter },
  ): Promise<PageOf<StoredMessage>> {
    authorizeTeam(viewer, teamId, 'READ');
    return this.repo.messages(teamId, options);
  }

  missedCalls(viewer: Viewer | null, teamId: string, options: { first: number; after: number | null }): Promise<PageOf<StoredMissedCall>> {
    authorizeTeam(viewer, teamId, 'READ');
    return this.repo.missedCalls(teamId, options);
  }

  // Batch reads for per-request loaders; callers authorize each item by its team.
  messagesByIds(ids: readonly string[]): Promise<StoredMessage[]> {
    return this.repo.messagesByIds(ids);
  }

  missedCallsByTickets(keys: readonly TicketKey[]): Promise<StoredMissedCall[]> {
    return this.repo.missedCallsByTickets(keys);
  }

  ticketsByKeys(keys: readonly TicketKey[]): Promise<StoredTicket[]> {
    return this.repo.ticketsByKeys(keys);
  }

  /** Tickets with these ids in any team (callers authorize). */
  ticketsByIds(ids: readonly string[]): Promise<StoredTicket[]> {
    return this.repo.ticketsByIds(ids);
  }
}
