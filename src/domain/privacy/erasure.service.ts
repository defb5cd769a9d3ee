import { authorizeTeam, type Viewer } from '../access';
import { ID_MAX_LENGTH, normalisePhone, validateTeamId } from '../automation/validate-activity';
import { badInput, DomainError } from '../errors';
import type { ErasureRepository, ErasureSubject, StoredErasure } from './privacy-ports';

/**
 * Exactly one of phone or conversationId names whose data to erase (PRODUCT.md §14). Phone
 * numbers are normalised to E.164 like activities, since that is how they are stored.
 */
export function erasureSubject(input: { phone?: string | null; conversationId?: string | null }): ErasureSubject {
  const hasPhone = input.phone !== undefined && input.phone !== null;
  const hasConversation = input.conversationId !== undefined && input.conversationId !== null;
  if (hasPhone === hasConversation) {
    throw badInput(
      'EXACTLY_ONE_INPUT',
      'Give exactly one of phone or conversationId',
      hasPhone ? 'conversationId' : 'phone',
    );
  }
  if (hasPhone) return { kind: 'PHONE', phone: normalisePhone(input.phone) };
  const conversationId = input.conversationId!.trim();
  if (conversationId.length === 0 || conversationId.length > ID_MAX_LENGTH) {
    throw badInput('INVALID_ID', `conversationId must be 1–${ID_MAX_LENGTH} characters`, 'conversationId');
  }
  return { kind: 'CONVERSATION', conversationId };
}

/** A customer's request to be forgotten: erasure of their data in a team, and its audit trail. */
export class ErasureService {
  constructor(private readonly repo: ErasureRepository) {}

  async erase(
    viewer: Viewer | null,
    input: { teamId: string; phone?: string | null; conversationId?: string | null },
  ): Promise<StoredErasure> {
    const admin = authorizeTeam(viewer, input.teamId, 'ADMINISTER');
    const teamId = validateTeamId(input.teamId);
    return this.repo.erase(teamId, erasureSubject(input), admin.sub);
  }

  /**
   * The audit entries of these teams, newest first, `first` per team; admins only. A team the
   * viewer may not read gets its error in its place, so one refused team does not fail the others.
   */
  async erasures(
    viewer: Viewer | null,
    teamIds: readonly string[],
    first: number,
  ): Promise<(StoredErasure[] | DomainError)[]> {
    const refused = new Map<string, DomainError>();
    for (const teamId of teamIds) {
      try {
        authorizeTeam(viewer, teamId, 'ADMINISTER');
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        refused.set(teamId, err);
      }
    }
    const allowed = teamIds.filter((id) => !refused.has(id));
    const rows = allowed.length ? await this.repo.erasuresOf(allowed, first) : [];
    return teamIds.map((id) => refused.get(id) ?? rows.filter((r) => r.teamId === id));
  }
}
