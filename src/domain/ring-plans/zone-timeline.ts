import { IANAZone } from 'luxon';
import { isValidTimeZone } from '../time-zones';
import { DAY_MS, MINUTE_MS } from './local-time';

/**
 * UTC-offset history of one IANA zone, read from luxon (Intl) once and kept as exact transition
 * instants, so that the hot path of business-hours evaluation is arithmetic instead of an Intl
 * call (a luxon offset lookup costs microseconds; this costs a map lookup).
 *
 * Wall-clock semantics used by ring plans (PRODUCT.md §4):
 * - a wall time skipped by a spring-forward gap resolves to the next existing instant (the gap's end);
 * - a wall time that happens twice (fall-back) resolves to its first occurrence, and while the clock
 *   repeats an hour the local time is considered to stand at the end of the first pass
 *   ({@link ZoneTimeline.localMsAt} is the running maximum of the wall clock), so nothing that
 *   happened during the first pass starts or ends again during the second.
 */
export interface ZoneTimeline {
  readonly zone: string;
  /** UTC offset in ms at the instant (local = instant + offset). */
  offsetAt(instant: number): number;
  /** The local wall time reached by the instant, as local ms (see local-time.ts); never decreases. */
  localMsAt(instant: number): number;
  /** The first instant whose {@link localMsAt} is ≥ the given local ms. */
  firstInstantAt(localMs: number): number;
  /** Offset changes with `from < at ≤ to`, in order. */
  transitionsBetween(from: number, to: number): OffsetTransition[];
}

export interface OffsetTransition {
  at: number;
  offsetBefore: number;
  offsetAfter: number;
}

const CHUNK_MS = 28 * DAY_MS;
/** Offsets are sampled twice a day; tzdb has no two changes that close together in modern data. */
const SAMPLE_MS = DAY_MS / 2;
/** Longer than any offset difference between two instants a few days apart. */
const LOOKBACK_MS = 2 * DAY_MS;

interface RawChunk {
  offsetAtStart: number;
  /** Transitions with `start < at ≤ start + CHUNK_MS`. */
  transitions: OffsetTransition[];
}

interface Chunk extends RawChunk {
  /** Highest wall clock reached before the chunk through segments ending in the previous chunk. */
  carriedLocalMs: number;
  /** No transition and nothing carried: local = instant + offsetAtStart throughout. */
  quiet: boolean;
}

class CachedZoneTimeline implements ZoneTimeline {
  private readonly ianaZone: IANAZone;
  private readonly raw = new Map<number, RawChunk>();
  private readonly chunks = new Map<number, Chunk>();
  private lastIndex = Number.NaN;
  private lastChunk: Chunk | undefined;

  constructor(readonly zone: string) {
    this.ianaZone = IANAZone.create(zone);
  }

  offsetAt(instant: number): number {
    const chunk = this.chunk(Math.floor(instant / CHUNK_MS));
    let offset = chunk.offsetAtStart;
    for (const transition of chunk.transitions) {
      if (transition.at > instant) break;
      offset = transition.offsetAfter;
    }
    return offset;
  }

  localMsAt(instant: number): number {
    const chunk = this.chunk(Math.floor(instant / CHUNK_MS));
    if (chunk.quiet) return instant + chunk.offsetAtStart;
    let offset = chunk.offsetAtStart;
    let reached = chunk.carriedLocalMs;
    for (const transition of chunk.transitions) {
      if (transition.at > instant) break;
      offset = transition.offsetAfter;
      const lastOfSegment = transition.at - 1 + transition.offsetBefore;
      if (lastOfSegment > reached) reached = lastOfSegment;
    }
    const local = instant + offset;
    return local > reached ? local : reached;
  }

  firstInstantAt(localMs: number): number {
    const guess = localMs - this.offsetAt(localMs);
    const guessIndex = Math.floor(guess / CHUNK_MS);
    const guessChunk = this.chunk(guessIndex);
    if (guessChunk.quiet) {
      const instant = localMs - guessChunk.offsetAtStart;
      if (Math.floor(instant / CHUNK_MS) === guessIndex) return instant;
    }
    // Walk the offset segments from well before the answer; the wall clock rises linearly inside
    // a segment, so the answer is where it first reaches localMs.
    let segmentStart = guess - LOOKBACK_MS;
    let offset = this.offsetAt(segmentStart);
    for (let index = Math.floor(segmentStart / CHUNK_MS); index <= guessIndex + 2; index++) {
      const chunk = this.chunk(index);
      const chunkEnd = (index + 1) * CHUNK_MS;
      for (const transition of chunk.transitions) {
        if (transition.at <= segmentStart) continue;
        if (transition.at - 1 + offset >= localMs) return Math.max(segmentStart, localMs - offset);
        segmentStart = transition.at;
        offset = transition.offsetAfter;
      }
      if (segmentStart < chunkEnd && chunkEnd - 1 + offset >= localMs) {
        return Math.max(segmentStart, localMs - offset);
      }
    }
    throw new Error(`No instant reaches local time ${new Date(localMs).toISOString()} in ${this.zone}`);
  }

  transitionsBetween(from: number, to: number): OffsetTransition[] {
    const result: OffsetTransition[] = [];
    for (let index = Math.floor(from / CHUNK_MS); index <= Math.floor(to / CHUNK_MS); index++) {
      for (const transition of this.rawChunk(index).transitions) {
        if (transition.at > from && transition.at <= to) result.push(transition);
      }
    }
    return result;
  }

  private chunk(index: number): Chunk {
    if (index === this.lastIndex) return this.lastChunk as Chunk;
    let chunk = this.chunks.get(index);
    if (chunk === undefined) {
      const own = this.rawChunk(index);
      let carriedLocalMs = Number.NEGATIVE_INFINITY;
      for (const transition of this.rawChunk(index - 1).transitions) {
        carriedLocalMs = Math.max(carriedLocalMs, transition.at - 1 + transition.offsetBefore);
      }
      chunk = {
        ...own,
        carriedLocalMs,
        quiet: own.transitions.length === 0 && carriedLocalMs < index * CHUNK_MS + own.offsetAtStart,
      };
      this.chunks.set(index, chunk);
    }
    this.lastIndex = index;
    this.lastChunk = chunk;
    return chunk;
  }

  private rawChunk(index: number): RawChunk {
    let raw = this.raw.get(index);
    if (raw === undefined) {
      const start = index * CHUNK_MS;
      const offsetAtStart = this.luxonOffset(start);
      const transitions: OffsetTransition[] = [];
      let previous = offsetAtStart;
      for (let sample = start + SAMPLE_MS; sample <= start + CHUNK_MS; sample += SAMPLE_MS) {
        const offset = this.luxonOffset(sample);
        if (offset !== previous) {
          transitions.push({
            at: this.refine(sample - SAMPLE_MS, sample, offset),
            offsetBefore: previous,
            offsetAfter: offset,
          });
          previous = offset;
        }
      }
      raw = { offsetAtStart, transitions };
      this.raw.set(index, raw);
    }
    return raw;
  }

  /** First whole second in (low, high] with the later offset; offsets change on whole seconds. */
  private refine(low: number, high: number, offsetAfter: number): number {
    while (high - low > 1000) {
      const middle = low + Math.floor((high - low) / 2000) * 1000;
      if (this.luxonOffset(middle) === offsetAfter) high = middle;
      else low = middle;
    }
    return high;
  }

  private luxonOffset(instant: number): number {
    return Math.round(this.ianaZone.offset(instant) * MINUTE_MS);
  }
}

const timelines = new Map<string, ZoneTimeline>();

/** Shared per zone for the life of the process: tz data does not change while it runs. */
export function zoneTimeline(zone: string): ZoneTimeline {
  let timeline = timelines.get(zone);
  if (timeline === undefined) {
    if (!isValidTimeZone(zone)) throw new Error(`Unknown IANA time zone "${zone}"`);
    timeline = new CachedZoneTimeline(zone);
    timelines.set(zone, timeline);
  }
  return timeline;
}
