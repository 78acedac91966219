/**
 * The WebSocket service: the one client through which the front end talks to the backend's /ws endpoint.
 * Import it as '@/services/webSocketService'. The older clients (services/legacy/wsClient, lib/socket) wrap it.
 */

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'closing' | 'closed';

export interface WebSocketOptions {
  url: string;
  token?: string;
  reconnect?: boolean;
  maxRetries?: number;
}

/** The canonical agent event shape sent by the backend. */
export interface AgentEvent {
  event_type: 'agent_started' | 'agent_thinking' | 'tool_executing' | 'tool_completed' | 'agent_completed';
  timestamp: number;
  user_id: string;
  thread_id: string;
  data: Record<string, unknown>;
}

type Listener = (event: AgentEvent) => void;

export class WebSocketService {
  private socket: WebSocket | null = null;
  private readonly listeners = new Set<Listener>();
  private retries = 0;
  state: ConnectionState = 'idle';

  constructor(private readonly options: WebSocketOptions) {}

  connect(): Promise<void> {
    this.state = 'connecting';
    const url = this.options.token ? `${this.options.url}?token=${encodeURIComponent(this.options.token)}` : this.options.url;
    const socket = new WebSocket(url);
    this.socket = socket;
    return new Promise((resolve, reject) => {
      socket.onopen = () => {
        this.state = 'open';
        this.retries = 0;
        resolve();
      };
      socket.onerror = () => reject(new Error(`WebSocket connection to ${this.options.url} failed`));
      socket.onmessage = (message) => {
        const event = JSON.parse(String(message.data)) as AgentEvent;
        this.listeners.forEach((listener) => listener(event));
      };
      socket.onclose = () => {
        this.state = 'closed';
        if (this.options.reconnect && this.retries < (this.options.maxRetries ?? 5)) {
          this.retries += 1;
          setTimeout(() => void this.connect().catch(() => undefined), 1000 * 2 ** this.retries);
        }
      };
    });
  }

  send(message: object): void {
    if (this.state !== 'open' || !this.socket) {
      throw new Error('WebSocket is not open');
    }
    this.socket.send(JSON.stringify(message));
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  close(): void {
    this.state = 'closing';
    this.socket?.close();
  }
}

export function createWebSocketService(opts: WebSocketOptions): WebSocketService {
  return new WebSocketService(opts);
}

let client: WebSocketService | null = null;

/** The page-wide client, connected on first use. */
export async function getClient(): Promise<WebSocketService> {
  if (!client) {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    client = createWebSocketService({ url: `${scheme}://${window.location.host}/ws`, reconnect: true });
    await client.connect();
  }
  return client;
}
