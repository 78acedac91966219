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

export { Wrapper as LegacyWrapper };

registerLegacyClient();

// canonize retire: deprecation shim: the exports below moved; importing them from here still works.
/** @deprecated use ClientOptions from '@/services/client' */
export type { ClientOptions } from '@/services/client';
/** @deprecated use Client from '@/services/client' */
export { Client as OldClient } from '@/services/client';
/** @deprecated use State from '@/services/client' */
export type { State as OldState } from '@/services/client';
/** @deprecated use createClient from '@/services/client' */
export { createClient as createOld } from '@/services/client';
