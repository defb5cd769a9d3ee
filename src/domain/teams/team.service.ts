import { assertTeamIdFormat, authorizeTeam, type Viewer } from '../access';

/** A team reached by id (`team(id:)`, `_entities`): checked before anything of it is read. */
export class TeamService {
  /** Team ids are not secret: another team is FORBIDDEN, a malformed id BAD_USER_INPUT. */
  find(viewer: Viewer | null, teamId: string, field = 'id'): { readonly id: string } {
    assertTeamIdFormat(teamId, field);
    authorizeTeam(viewer, teamId, 'READ');
    return { id: teamId };
  }
}
