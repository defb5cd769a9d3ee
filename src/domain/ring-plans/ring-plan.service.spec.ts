import type { Viewer } from '../access';
import { DomainError } from '../errors';
import type { RingPlanFields, RingPlanRepository, StoredRingPlan, TeamRingPlans } from '../ports';
import { RingPlanService } from './ring-plan.service';

/** An in-memory RingPlanRepository that counts reads, to see what the schedule cache saves. */
class MemoryRingPlans implements RingPlanRepository {
  plans: StoredRingPlan[] = [];
  versions = new Map<string, number>();
  reads = 0;
  private sequence = 0;

  async listByTeam(teamId: string): Promise<TeamRingPlans> {
    this.reads += 1;
    return this.snapshot(teamId);
  }

  async listByTeams(teamIds: readonly string[]): Promise<Map<string, TeamRingPlans>> {
    this.reads += 1;
    return new Map(teamIds.map((id) => [id, this.snapshot(id)]));
  }

  async findById(id: string): Promise<StoredRingPlan | null> {
    return this.plans.find((p) => p.id === id) ?? null;
  }

  async create(teamId: string, fields: RingPlanFields, assertCanAdd: (count: number) => void): Promise<StoredRingPlan> {
    assertCanAdd(this.plans.filter((p) => p.teamId === teamId).length);
    this.sequence += 1;
    const plan = {
      ...fields,
      id: `plan-${this.sequence}`,
      teamId,
      sequence: this.sequence,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
    this.plans.push(plan);
    this.bump(teamId);
    return plan;
  }

  async update(id: string, change: (current: StoredRingPlan) => RingPlanFields): Promise<StoredRingPlan | null> {
    const index = this.plans.findIndex((p) => p.id === id);
    if (index < 0) return null;
    const next = { ...this.plans[index], ...change(this.plans[index]), updatedAt: new Date() };
    this.plans[index] = next;
    this.bump(next.teamId);
    return next;
  }

  async delete(id: string): Promise<string | null> {
    const plan = this.plans.find((p) => p.id === id);
    if (!plan) return null;
    this.plans = this.plans.filter((p) => p !== plan);
    this.bump(plan.teamId);
    return plan.teamId;
  }

  /** Another instance changing the team: this service's cache does not hear of it. */
  bump(teamId: string): void {
    this.versions.set(teamId, (this.versions.get(teamId) ?? 0) + 1);
  }

  private snapshot(teamId: string): TeamRingPlans {
    return { teamId, version: this.versions.get(teamId) ?? 0, plans: this.plans.filter((p) => p.teamId === teamId) };
  }
}

const admin = (team: string): Viewer => ({ sub: 'admin', role: 'ADMIN', teams: [team] });
const advisor = (team: string): Viewer => ({ sub: 'advisor', role: 'ADVISOR', teams: [team] });
const weekdays = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] as const;
const office = (teamId: string) => ({
  teamId,
  name: 'Office',
  timeZone: 'Europe/Berlin',
  windows: weekdays.map((day) => ({ day, opens: '08:00', closes: '17:00' })),
});
const WEDNESDAY_11_CET = new Date('2026-03-11T10:00:00Z');

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('RingPlanService', () => {
  let repo: MemoryRingPlans;
  let service: RingPlanService;
  beforeEach(() => {
    repo = new MemoryRingPlans();
    service = new RingPlanService(repo);
  });

  describe('scheduleFor', () => {
    it('answers a known version from its cache without reading', async () => {
      await service.create(admin('t1'), office('t1'));
      const first = await service.scheduleFor('t1', 1);
      expect(repo.reads).toBe(1);
      expect(first.isOpenAt(WEDNESDAY_11_CET).open).toBe(true);
      expect(await service.scheduleFor('t1', 1)).toBe(first);
      expect(await service.scheduleFor('t1', 1)).toBe(first);
      expect(repo.reads).toBe(1);
    });

    it('reads again when the team row shows a version it has not seen (a change on another instance)', async () => {
      const plan = await service.create(admin('t1'), office('t1'));
      await service.scheduleFor('t1', 1);
      await repo.update(plan.id, (current) => ({ ...current, enabled: false }));
      const fresh = await service.scheduleFor('t1', 2);
      expect(repo.reads).toBe(2);
      expect(fresh.isOpenAt(WEDNESDAY_11_CET).open).toBe(false);
      expect(await service.scheduleFor('t1', 2)).toBe(fresh);
      expect(repo.reads).toBe(2);
    });

    it('forgets a team on its own changes', async () => {
      const plan = await service.create(admin('t1'), office('t1'));
      const before = await service.scheduleFor('t1', 1);
      await service.update(admin('t1'), {
        id: plan.id,
        windows: [{ day: 'WEDNESDAY', opens: '12:00', closes: '13:00' }],
      });
      const after = await service.scheduleFor('t1', 2);
      expect(after).not.toBe(before);
      expect(after.isOpenAt(WEDNESDAY_11_CET).open).toBe(false);
    });

    it('reads without a known version but compiles only a version it has not seen', async () => {
      await service.create(admin('t1'), office('t1'));
      const first = await service.scheduleFor('t1');
      expect(await service.scheduleFor('t1')).toBe(first);
      expect(repo.reads).toBe(2);
    });

    it('needs no read for version 0: every plan change bumps the version, so the team never had a plan', async () => {
      const schedule = await service.scheduleFor('fresh', 0);
      expect(repo.reads).toBe(0);
      expect(schedule.isOpenAt(WEDNESDAY_11_CET)).toEqual({ open: true, plan: null });
    });

    it("reads through the caller's own reader when given one (a transaction holding the team lock)", async () => {
      await service.create(admin('t1'), office('t1'));
      const read = jest.fn(() => repo.listByTeams(['t1']).then((m) => m.get('t1')!));
      const schedule = await service.scheduleFor('t1', 1, read);
      expect(read).toHaveBeenCalledTimes(1);
      expect(await service.scheduleFor('t1', 1, read)).toBe(schedule);
      expect(read).toHaveBeenCalledTimes(1);
    });

    it('treats a team without plans as always open', async () => {
      expect((await service.scheduleFor('nobody', 0)).businessHoursAt(WEDNESDAY_11_CET)).toEqual({
        open: true,
        plan: null,
        nextChangeAt: null,
        nextOpeningAt: null,
      });
    });
  });

  describe('changes', () => {
    it('fills defaults and normalises on create', async () => {
      const plan = await service.create(admin('t1'), { ...office('t1'), name: ' Office ', timeZone: 'europe/berlin' });
      expect(plan).toMatchObject({
        name: 'Office',
        timeZone: 'Europe/Berlin',
        enabled: true,
        kind: 'OPEN',
        validFrom: null,
        validUntil: null,
      });
    });

    it('merges an update onto the stored plan: absent keeps, null clears a validity bound', async () => {
      const plan = await service.create(admin('t1'), {
        ...office('t1'),
        validFrom: '2026-01-01',
        validUntil: '2026-06-30',
      });
      const updated = await service.update(admin('t1'), { id: plan.id, name: null, validUntil: null });
      expect(updated).toMatchObject({
        name: 'Office',
        validFrom: '2026-01-01',
        validUntil: null,
        windows: plan.windows,
      });
      const error = await failure(service.update(admin('t1'), { id: plan.id, validUntil: '2025-12-31' }));
      expect(error).toMatchObject({ category: 'BAD_USER_INPUT', code: 'RING_PLAN_INVALID_VALIDITY' });
    });

    it('refuses the 26th plan', async () => {
      for (let i = 0; i < 25; i += 1) await service.create(admin('t1'), office('t1'));
      const error = await failure(service.create(admin('t1'), office('t1')));
      expect(error).toMatchObject({ category: 'BAD_USER_INPUT', code: 'RING_PLAN_LIMIT_REACHED' });
    });

    it.each([
      ['an advisor of the team', advisor('t1'), 'FORBIDDEN'],
      ['an admin of another team', admin('t2'), 'FORBIDDEN'],
      ['nobody', null, 'UNAUTHENTICATED'],
    ])('does not let %s change or delete a plan', async (_label, viewer, category) => {
      const plan = await service.create(admin('t1'), office('t1'));
      expect(await failure(service.update(viewer, { id: plan.id, name: 'x' }))).toMatchObject({ category });
      expect(await failure(service.delete(viewer, plan.id))).toMatchObject({ category });
      expect(await failure(service.create(viewer, office('t1')))).toMatchObject({ category });
      expect(repo.plans).toEqual([plan]);
    });

    it('answers NOT_FOUND for an unknown plan', async () => {
      expect(await failure(service.delete(admin('t1'), 'missing'))).toMatchObject({
        category: 'NOT_FOUND',
        code: 'RING_PLAN_NOT_FOUND',
      });
    });
  });

  describe('reading', () => {
    it('evaluates business hours and the calendar from loaded plans, with the winning stored plan', async () => {
      const plan = await service.create(admin('t1'), office('t1'));
      const [team] = await service.loadMany(['t1']);
      expect(team.plans).toEqual([plan]);
      expect(service.businessHoursOf(team, WEDNESDAY_11_CET)).toEqual({
        at: WEDNESDAY_11_CET,
        open: true,
        plan,
        nextChangeAt: new Date('2026-03-11T16:00:00Z'),
        nextOpeningAt: new Date('2026-03-12T07:00:00Z'),
      });
      expect(service.iCalendarOf(team)).toContain('RRULE:FREQ=WEEKLY;BYDAY=MO');
    });
  });
});
