import type { Logger } from 'pino';
import type { Viewer } from '../domain/access';
import type { Loaders } from './loaders';
import type { Services } from './services';

/** What every resolver gets: who asks, the domain services, per-request loaders. */
export interface GraphQLContext {
  readonly viewer: Viewer | null;
  readonly services: Services;
  readonly loaders: Loaders;
  readonly logger: Logger;
}
