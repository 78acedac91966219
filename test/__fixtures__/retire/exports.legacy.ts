/**
 * @deprecated The first client. Use '@/services/client'.
 */
import { Client, createClient, type ClientOptions } from '@/services/client';

declare function registerLegacyClient(): void;

/** The event shape the first backend sent. */
export interface LegacyEvent {
  type: string;
}

export class Wrapper {
  constructor(private readonly client: Client, options: ClientOptions) {}
}

export type OldState = 'open' | 'closed';

// the phase 1 factory
export const createOld = createClient;

export { Client as OldClient, Wrapper as LegacyWrapper };
export type { ClientOptions };

registerLegacyClient();
