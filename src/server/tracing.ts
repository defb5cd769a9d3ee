import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-node';
import type { Config } from './config';

export interface Tracing {
  /** Exports what is buffered and stops; after the server's drain. */
  shutdown(): Promise<void>;
}

const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * OpenTelemetry traces, when OTEL_EXPORTER_OTLP_ENDPOINT is set: spans for HTTP (continuing the
 * caller's W3C `traceparent`, e.g. the router's), GraphQL parse/validate/execute and SQL
 * statements (text only, never parameter values), exported over OTLP/HTTP. Must run before
 * http, pg and graphql are first loaded, so main.ts loads the server after it.
 */
export function startTracing(config: Pick<Config, 'tracing'>, exporter?: SpanExporter): Tracing | undefined {
  const endpoint = config.tracing.otlpEndpoint;
  if (!endpoint && !exporter) return undefined;
  const spanExporter = exporter ?? new OTLPTraceExporter({ url: `${endpoint!.replace(/\/$/, '')}/v1/traces` });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.tracing.serviceName }),
    spanProcessors: [exporter ? new SimpleSpanProcessor(spanExporter) : new BatchSpanProcessor(spanExporter)],
  });
  provider.register(); // global provider, AsyncLocalStorage context, W3C trace-context propagation
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has((req.url ?? '').split('?')[0]),
      }),
      // variable values hold phone numbers and message texts: never recorded (allowValues: false)
      new GraphQLInstrumentation({ allowValues: false, mergeItems: true, ignoreTrivialResolveSpans: true }),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  return {
    shutdown: async () => {
      unregister();
      await provider.shutdown();
    },
  };
}

/** The span of one activity's decision: team, kind, trigger and decision; never a number or a text. */
export function recordActivitySpan(a: {
  kind: string;
  teamId: string;
  trigger: string | null;
  decision: string;
  suppressionReason: string | null;
  duplicate: boolean;
  seconds: number;
}): void {
  const end = Date.now();
  trace
    .getTracer('chat-automation')
    .startSpan(`automation.activity ${a.kind}`, {
      startTime: end - a.seconds * 1000,
      attributes: {
        'automation.team_id': a.teamId,
        'automation.activity_kind': a.kind,
        'automation.trigger': a.trigger ?? 'NONE',
        'automation.decision': a.decision,
        'automation.duplicate': a.duplicate,
        ...(a.suppressionReason ? { 'automation.suppression_reason': a.suppressionReason } : {}),
      },
    })
    .end(end);
}
