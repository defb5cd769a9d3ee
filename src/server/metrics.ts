import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one service instance (its own registry, so two instances in a process don't collide). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const graphqlRequests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL operations by operation name, type and outcome',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [registry],
  });
  const graphqlDuration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'GraphQL operation latency by operation name and type',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const activityDecisions = new Counter({
    name: 'automation_decisions_total',
    help: 'Activity decisions by trigger and outcome',
    labelNames: ['trigger', 'decision', 'reason'] as const,
    registers: [registry],
  });
  const activityDuration = new Histogram({
    name: 'automation_activity_duration_seconds',
    help: 'Time to process an activity end to end in the domain service (including its transaction)',
    labelNames: ['kind'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  let queueWaiting = () => 0;
  new Gauge({
    name: 'automation_team_queue_waiting',
    help: 'Activities waiting for their team on this instance (they hold no database connection)',
    registers: [registry],
    collect() {
      this.set(queueWaiting());
    },
  });
  /** Where the team-queue gauge reads from. */
  const watchTeamQueue = (waiting: () => number) => {
    queueWaiting = waiting;
  };
  const teamBusy = new Counter({
    name: 'automation_team_busy_total',
    help: 'Activities answered UNAVAILABLE / TEAM_BUSY (their team stayed busy past TEAM_WAIT_MS)',
    registers: [registry],
  });
  const writeConflicts = new Counter({
    name: 'automation_write_conflicts_total',
    help: 'Activity writes that found their team written by another instance since their facts were read, and were planned again',
    registers: [registry],
  });
  const dbStatements = new Counter({
    name: 'db_statements_total',
    help: 'SQL statements sent to PostgreSQL',
    registers: [registry],
  });
  const subscriptions = new Counter({
    name: 'feed_messages_delivered_total',
    help: 'Messages delivered to subscribers',
    registers: [registry],
  });
  const feedListening = new Gauge({
    name: 'feed_listener_connected',
    help: "1 while the feed's dedicated connection LISTENs for other instances' commits (0: reconnecting, the poll still delivers)",
    registers: [registry],
  });
  /** Read at scrape time; the composition root points it at the feed. */
  const feedState = { subscriptions: () => 0 };
  const feedSubscriptions = new Gauge({
    name: 'feed_subscriptions',
    help: 'Open automatedMessageDispatched subscriptions on this instance',
    registers: [registry],
    collect() {
      this.set(feedState.subscriptions());
    },
  });
  const feedExecutions = new Counter({
    name: 'feed_executions_total',
    help: 'Executions of a subscription selection (shared by every subscriber with the same operation)',
    registers: [registry],
  });
  const feedFellBehind = new Counter({
    name: 'feed_subscribers_fell_behind_total',
    help: 'Subscriptions whose buffer overflowed, so they page from the log instead of being fed live',
    registers: [registry],
  });
  const feedTooSlow = new Counter({
    name: 'feed_subscribers_too_slow_total',
    help: 'Subscriptions ended with SUBSCRIBER_TOO_SLOW',
    registers: [registry],
  });
  const retentionRuns = new Counter({
    name: 'retention_runs_total',
    help: 'Runs of the retention job by outcome (ran; skipped: another instance held the lock; failed)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const retentionRows = new Counter({
    name: 'retention_rows_total',
    help: 'Rows the retention job erased (personal data removed) or, for activities, deleted, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const retentionDuration = new Histogram({
    name: 'retention_run_duration_seconds',
    help: 'Duration of retention runs that held the lock',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const teamChanges = new Counter({
    name: 'team_changes_received_total',
    help: "Settings and ring-plan changes announced on the bus and applied to this instance's caches",
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const deliveryReports = new Counter({
    name: 'delivery_reports_total',
    help: 'Delivery reports recorded, by reported status and outcome (changed: it became the current status; kept: it did not; duplicate)',
    labelNames: ['status', 'outcome'] as const,
    registers: [registry],
  });
  const deliveryLag = new Histogram({
    name: 'delivery_dispatch_to_delivered_seconds',
    help: 'Time from dispatch (log commit) to the DELIVERED time the sender reported',
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600, 14400, 86400],
    registers: [registry],
  });
  /** Read at scrape time; the composition root points it at the delivery feed. */
  const deliveryFeedState = { subscriptions: () => 0 };
  const deliveryFeedSubscriptions = new Gauge({
    name: 'delivery_feed_subscriptions',
    help: 'Open deliveryStatusChanged subscriptions on this instance',
    registers: [registry],
    collect() {
      this.set(deliveryFeedState.subscriptions());
    },
  });
  return {
    registry,
    retentionRuns,
    retentionRows,
    retentionDuration,
    teamChanges,
    deliveryReports,
    deliveryLag,
    deliveryFeedState,
    deliveryFeedSubscriptions,
    dbStatements,
    graphqlRequests,
    graphqlDuration,
    activityDecisions,
    activityDuration,
    watchTeamQueue,
    teamBusy,
    writeConflicts,
    subscriptions,
    feedListening,
    feedState,
    feedSubscriptions,
    feedExecutions,
    feedFellBehind,
    feedTooSlow,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
