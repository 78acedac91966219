/**
 * The generator's randomness and vocabulary: a seeded `Random` with the draws the generator makes, and the words real
 * modules are built from (domains, layers, nouns, sentences). See bench/generate.ts.
 */

/** A source of uniform numbers in [0, 1). */
export type Rnd = () => number;

/** The draws the generator makes, all from one seeded source. */
export class Random {
  constructor(readonly next: Rnd) {}
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  /** A standard normal deviate (Box–Muller). */
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  some<T>(xs: readonly T[], lo: number, hi: number): T[] {
    const n = Math.min(xs.length, this.int(lo, hi));
    const pool = [...xs];
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]!);
    return out;
  }
}

export const DOMAINS = ['agents', 'billing', 'analytics', 'auth', 'threads', 'llm', 'tools', 'supply', 'optimization', 'reports', 'notifications', 'metrics', 'corpus', 'workloads', 'admin', 'storage', 'scheduling', 'tenants'];
export const LAYERS = ['services', 'routes', 'models', 'schemas', 'core', 'db', 'utils', 'clients', 'handlers', 'repositories'];
export const NOUNS = ['invoice', 'thread', 'message', 'run', 'tool', 'agent', 'user', 'session', 'quota', 'plan', 'report', 'metric', 'corpus', 'prompt', 'completion', 'workload', 'tenant', 'audit', 'event', 'token', 'budget', 'model', 'provider', 'request', 'response', 'job', 'task', 'queue', 'schedule', 'payload', 'record', 'entry', 'batch', 'snapshot', 'config', 'policy', 'credential', 'account', 'project', 'pipeline'];
export const VERBS = ['create', 'get', 'update', 'delete', 'list', 'fetch', 'compute', 'validate', 'normalize', 'persist', 'load', 'refresh', 'resolve', 'dispatch', 'process', 'render', 'aggregate', 'estimate', 'reconcile', 'summarize', 'archive', 'enqueue', 'retry', 'merge', 'export'];
export const ADJECTIVES = ['pending', 'active', 'cached', 'stale', 'default', 'primary', 'remote', 'local', 'partial', 'final', 'raw', 'scoped', 'shared', 'tenant', 'billing', 'nightly', 'hourly', 'current', 'previous', 'expected'];
export const KINDS = ['Service', 'Repository', 'Client', 'Handler', 'Manager', 'Builder', 'Policy', 'Store', 'Tracker', 'Scheduler', 'Validator', 'Resolver', 'Registry', 'Adapter', 'Processor'];
export const SENTENCES = [
  'The result is cached per tenant and invalidated when the underlying record changes.',
  'Callers must hold a valid user context; nothing here is shared between users.',
  'Retries are bounded: after the third failure the job is parked for manual review.',
  'Amounts are stored in micro-units to avoid floating point drift.',
  'This runs on the request path, so it must not block on network calls.',
  'Timestamps are UTC and timezone-aware throughout.',
  'The session manager closes idle sessions after the configured timeout.',
  'See the runbook for the on-call procedure when this alert fires.',
  'Batches are processed in insertion order; duplicates are dropped by idempotency key.',
  'Values coming from the client are validated before anything is persisted.',
  'The context manager releases the lock even when the body raises.',
  'Kept for backwards compatibility with the v1 API; new code should use the v2 endpoints.',
  'Errors are logged with the correlation id so that a request can be traced end to end.',
  'The scheduler wakes up every minute and picks the oldest eligible job.',
  'Feature flags are read once per request and passed down explicitly.',
];
/** Ways real code mentions websockets without touching the manager. */
export const WEBSOCKET_SENTENCES = [
  'Progress is streamed to the browser over the websocket while the run is in flight.',
  'When the websocket drops, the client reconnects with exponential backoff.',
  'Heartbeats keep the websocket alive behind the load balancer.',
  'The websocket handshake carries the same bearer token as the REST calls.',
];

export const ROLES = ['service', 'handler', 'store', 'client', 'utils', 'models', 'schemas', 'views', 'tasks', 'helpers', 'manager', 'repository'];
export const STDLIB = ['os', 'json', 'logging', 'asyncio', 'time', 're', 'uuid', 'hashlib', 'itertools', 'functools', 'contextlib', 'math'];
export const TYPING = ['Any', 'Dict', 'List', 'Optional', 'Tuple', 'Iterable', 'Mapping', 'Sequence', 'Callable', 'Union'];

export const snake = (...parts: string[]) => parts.join('_');
export const camel = (...parts: string[]) => parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
