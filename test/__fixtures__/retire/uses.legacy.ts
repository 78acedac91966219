/**
 * The first client. Its options and its class move; the wrapper stays, and keeps using both.
 */

/** The options the first client took. */
export interface OldOptions {
  url: string;
}

export class OldClient {
  constructor(readonly options: OldOptions) {}
}

/** Stays: wraps a client made from the options. */
export class Wrapper {
  readonly client: OldClient;

  constructor(options: OldOptions) {
    this.client = new OldClient(options);
  }
}
