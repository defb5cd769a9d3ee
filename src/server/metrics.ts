import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
  return { registry, dbStatements, graphqlRequests, graphqlDuration, activityDecisions, activityDuration, subscriptions };
}

export type Metrics = ReturnType<typeof createMetrics>;
