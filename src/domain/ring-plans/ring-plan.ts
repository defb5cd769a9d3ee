/** The weekly business-hours model of PRODUCT.md §4; evaluation lives in business-hours.ts. */

export const DAYS_OF_WEEK = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

export const RING_PLAN_KINDS = ['OPEN', 'CLOSED'] as const;
/** `CLOSED` plans are holiday or closure overlays: when they win, the team is outside business hours. */
export type RingPlanKind = (typeof RING_PLAN_KINDS)[number];

export interface OpeningWindow {
  day: DayOfWeek;
  /** "HH:MM" local wall time in the plan's zone, "00:00"–"23:59". */
  opens: string;
  /** "HH:MM"; "24:00" is the end of the day; `closes` < `opens` runs past midnight into the next day. */
  closes: string;
}

export interface RingPlan {
  id: string;
  name: string;
  enabled: boolean;
  /** IANA zone the windows and validity dates are read in. */
  timeZone: string;
  kind: RingPlanKind;
  /** Local date YYYY-MM-DD, inclusive; null = open-ended. */
  validFrom: string | null;
  /** Local date YYYY-MM-DD, inclusive; null = open-ended. */
  validUntil: string | null;
  /** Empty = the plan covers whole days. */
  windows: OpeningWindow[];
  createdAt: Date;
  /** Strictly increasing with creation: among plans covering an instant the highest wins. */
  sequence: number;
}
