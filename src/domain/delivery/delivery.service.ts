import { authorizeTeam, type Viewer } from '../access';
import type { StoredMessage } from '../automation/automation-ports';
import type { StoredChatSettings } from '../ports';
import { summarize, type AutomationStats } from '../stats/automation-stats';
import { bucketStarts, type StatsInterval } from '../stats/stats-buckets';
import type { DeliveryFeedPublisher, DeliveryObserver, DeliveryRepository, StoredDelivery } from './delivery-ports';
import {
  notDispatched,
  unknownMessage,
  validateDeliveryReport,
  type DeliveryStatusInput,
} from './validate-delivery-report';

/** Closes the loop: records what the sender reports for a message, and answers the dashboard figures. */
export class DeliveryService {
  constructor(
    private readonly repo: DeliveryRepository,
    private readonly settings: { loadMany(teamIds: readonly string[]): Promise<StoredChatSettings[]> },
    private readonly feed: DeliveryFeedPublisher,
    private readonly observer: DeliveryObserver,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async recordDeliveryStatus(viewer: Viewer | null, input: DeliveryStatusInput): Promise<StoredMessage> {
    authorizeTeam(viewer, input.teamId, 'RECORD_ACTIVITY');
    const report = validateDeliveryReport(input, this.now());
    const result = await this.repo.record(report);
    if (result.kind === 'UNKNOWN_MESSAGE') throw unknownMessage();
    if (result.kind === 'NOT_DISPATCHED') throw notDispatched();
    if (result.changePosition !== null) this.feed.deliveryCommitted(report.teamId, result.changePosition);
    this.observer.reported({
      teamId: report.teamId,
      status: report.status,
      duplicate: result.duplicate,
      changed: result.changePosition !== null,
      lagSeconds:
        report.status === 'DELIVERED' && !result.duplicate
          ? Math.max(0, (report.occurredAt.getTime() - result.message.dispatchedAt.getTime()) / 1000)
          : null,
    });
    return result.message;
  }

  /** For per-request loaders; callers read messages through an authorized path first. */
  deliveriesOf(messageIds: readonly string[]): Promise<StoredDelivery[]> {
    return this.repo.deliveriesOf(messageIds);
  }

  async automationStats(
    viewer: Viewer | null,
    teamId: string,
    range: { since: Date; until: Date; interval: StatsInterval },
  ): Promise<AutomationStats> {
    authorizeTeam(viewer, teamId, 'READ');
    const [settings] = await this.settings.loadMany([teamId]);
    const starts = bucketStarts(range.since, range.until, range.interval, settings.data.timeZone);
    return summarize(starts, await this.repo.statsRows(teamId, starts, range.until));
  }
}
