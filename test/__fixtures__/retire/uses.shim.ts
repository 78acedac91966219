/**
 * The first client. Its options and its class move; the wrapper stays, and keeps using both.
 */

/** Stays: wraps a client made from the options. */
export class Wrapper {
  readonly client: OldClient;

  constructor(options: OldOptions) {
    this.client = new OldClient(options);
  }
}

// canonize retire: deprecation shim: the exports below moved; importing them from here still works.
import { Client as OldClient } from '@/services/client';
import type { ClientOptions as OldOptions } from '@/services/client';
/** @deprecated use Client from '@/services/client' */
export { Client as OldClient } from '@/services/client';
/** @deprecated use ClientOptions from '@/services/client' */
export type { ClientOptions as OldOptions } from '@/services/client';
