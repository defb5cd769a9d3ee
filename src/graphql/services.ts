import type { AutomationQueryService } from '../domain/automation/automation-query.service';
import type { AutomationService } from '../domain/automation/automation.service';
import type { ChatSettingsService } from '../domain/chat-settings/chat-settings.service';
import type { DeliveryChange } from '../domain/delivery/delivery-ports';
import type { DeliveryService } from '../domain/delivery/delivery.service';
import type { MessageFeedService } from '../domain/feed/message-feed.service';
import type { RingPlanService } from '../domain/ring-plans/ring-plan.service';
import type { TeamService } from '../domain/teams/team.service';
import type { ErasureService } from '../domain/privacy/erasure.service';

/** The domain services resolvers call; wired in server/. */
export interface Services {
  readonly teams: TeamService;
  readonly chatSettings: ChatSettingsService;
  readonly ringPlans: RingPlanService;
  readonly automation: AutomationService;
  readonly automationQueries: AutomationQueryService;
  readonly feed: MessageFeedService;
  readonly erasure: ErasureService;
  readonly delivery: DeliveryService;
  readonly deliveryFeed: MessageFeedService<DeliveryChange>;
}
