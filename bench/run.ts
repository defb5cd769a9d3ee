import { benchActivities } from './activities.bench';
import { benchIsolation } from './isolation.bench';
import { benchAutomationStats, benchDeliveryReports } from './delivery.bench';
import { benchFeedLatency, benchFeedMemory, benchFeedNotify } from './feed.bench';
import { benchRingPlans } from './ring-plans.bench';
import { benchRetention } from './retention.bench';
import { benchSettingsRead } from './settings-read.bench';

/**
 * `npm run bench`: runs every benchmark below and prints its figures as a table.
 *
 *   node dist/bench/run.js [name-filter…] [--json]
 *
 * To add a benchmark, append an entry to BENCHMARKS: `run` returns named figures; a figure whose
 * name ends in `PerSecond` is a rate and also gets the time per operation and, when the entry
 * names a `baseline` rate, how many baseline operations one operation costs.
 */
export interface Benchmark {
  name: string;
  description: string;
  run: () => Promise<Record<string, number>>;
  /** A `…PerSecond` figure of the same run that the other rates are compared with. */
  baseline?: string;
}

export const BENCHMARKS: Benchmark[] = [
  {
    name: 'ring-plans',
    description: 'business hours of a team at the 25-plan limit (5 zones, overnight windows, overlays)',
    run: benchRingPlans,
    baseline: 'newDateGetTimePerSecond',
  },
  {
    name: 'settings-read',
    description:
      'team(id){chatSettings{…}} at c=8 and _entities × 100 Teams vs raw graphql-js + node:http + pg (one SELECT, same JWT check), median of 3 alternating rounds; service and raw server pinned to one core, load to the other',
    run: benchSettingsRead,
    baseline: 'rawSettingsReadPerSecond',
  },
  {
    name: 'activities',
    description:
      'recordCallEnded end to end over HTTP with PostgreSQL vs single-row INSERT…COMMIT (median of 3 alternating rounds), and the same calls dry-run with simulateActivity, 16 concurrent, 64 teams; service pinned to one core at LOG_LEVEL info, load to the other',
    run: benchActivities,
    baseline: 'insertCommitPerSecond',
  },
  {
    name: 'isolation',
    description:
      "other teams' activity latency (8 concurrent, 16 teams) with one team's row locked elsewhere and 20 of its requests in flight, vs none blocked",
    run: benchIsolation,
  },
  {
    name: 'delivery-reports',
    description:
      'recordDeliveryStatus end to end over HTTP with PostgreSQL vs single-row INSERT…COMMIT, 16 concurrent, 1,000 messages of 64 teams',
    run: benchDeliveryReports,
    baseline: 'insertCommitPerSecond',
  },
  {
    name: 'automation-stats',
    description:
      'Team.automationStats, 90 DAY buckets (Europe/Berlin) over HTTP, p50/p99 with 10 k and then 1 M log rows of the team',
    run: benchAutomationStats,
  },
  {
    name: 'feed-notify',
    description:
      "activities/s over HTTP (recordCallEnded, 16 concurrent, 64 teams) with the feed's NOTIFY off, batched after commit, per commit, and inside the transaction",
    run: benchFeedNotify,
    baseline: 'withoutNotifyPerSecond',
  },
  {
    name: 'feed-latency',
    description:
      'mutation response on instance A → receipt by 100 graphql-ws subscribers on instance B, 200 activities/s on one team',
    run: benchFeedLatency,
  },
  {
    name: 'feed-memory',
    description: 'server RSS and heap per idle subscription over 1,000 graphql-ws connections',
    run: benchFeedMemory,
  },
  {
    name: 'retention',
    description:
      'the retention job over 50,000 old log rows, 25,000 missed calls and 50,000 idempotency records (rows/s over all three) in batches of 500, vs one unbatched UPDATE erasing the 50,000 log rows',
    run: benchRetention,
    baseline: 'singleUpdatePerSecond',
  },
];

interface Result {
  benchmark: Benchmark;
  figures: Record<string, number>;
  ms: number;
}

async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  const filters = argv.filter((a) => !a.startsWith('--'));
  const selected = BENCHMARKS.filter((b) => filters.length === 0 || filters.some((f) => b.name.includes(f)));
  if (selected.length === 0) {
    throw new Error(`no benchmark matches ${filters.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  }
  const results: Result[] = [];
  for (const benchmark of selected) {
    const started = performance.now();
    const figures = await benchmark.run();
    results.push({ benchmark, figures, ms: performance.now() - started });
    if (!json) process.stdout.write(`${formatResult(results.at(-1)!)}\n`);
  }
  if (json) {
    const out = Object.fromEntries(results.map((r) => [r.benchmark.name, { ...r.figures, benchMs: Math.round(r.ms) }]));
    process.stdout.write(`${JSON.stringify({ node: process.version, ...out }, null, 2)}\n`);
  }
}

function formatResult({ benchmark, figures, ms }: Result): string {
  const baseline = benchmark.baseline === undefined ? undefined : figures[benchmark.baseline];
  const rows = Object.entries(figures).map(([name, value]) => {
    const rate = name.endsWith('PerSecond') && value > 0;
    return [
      name,
      formatNumber(value),
      rate ? formatDuration(1 / value) : '',
      rate && baseline !== undefined && name !== benchmark.baseline
        ? `${formatNumber(baseline / value)}×`
        : rate && name === benchmark.baseline
          ? 'baseline'
          : '',
    ];
  });
  const header = [
    'figure',
    'value',
    'per op',
    benchmark.baseline ? `cost in ${benchmark.baseline.replace(/PerSecond$/, '')} ops` : '',
  ];
  return [
    `${benchmark.name} — ${benchmark.description} (${(ms / 1000).toFixed(1)} s, Node ${process.version})`,
    table([header, ...rows]),
    '',
  ].join('\n');
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const digits =
    Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function formatDuration(seconds: number): string {
  if (seconds >= 1e-3) return `${(seconds * 1e3).toPrecision(3)} ms`;
  if (seconds >= 1e-6) return `${(seconds * 1e6).toPrecision(3)} µs`;
  return `${(seconds * 1e9).toPrecision(3)} ns`;
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
