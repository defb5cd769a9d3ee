/**
 * Federation's demand-control directives (`@listSize`, `@cost`, federation v2.9), declared on the
 * schema's list fields so a router's demand control and this service's own cost limit
 * (limits/cost.ts, which reads the same directives) weigh an operation alike.
 */

/** A connection: `first` sizes its `edges` and `nodes`. */
export const PAGED_BY_FIRST =
  '@listSize(slicingArguments: ["first"], sizedFields: ["edges", "nodes"], requireOneSlicingArgument: false)';

/** A list without a size argument: its largest (or a typical, where unbounded) length. */
export const assumedSize = (n: number) => `@listSize(assumedSize: ${n})`;

/** A field that costs more than the object (1) or leaf (0) it returns. */
export const costWeight = (n: number) => `@cost(weight: ${n})`;

/** A plain list cut to `first` items. */
export const SLICED_BY_FIRST = '@listSize(slicingArguments: ["first"], requireOneSlicingArgument: false)';
