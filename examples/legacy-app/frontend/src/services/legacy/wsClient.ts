/**
 * @deprecated The first chat client. Now a thin wrapper over WebSocketService, kept for the components that
 * have not moved yet. Use '@/services/webSocketService'.
 */
import { WebSocketService, createWebSocketService, type AgentEvent, type WebSocketOptions } from '../webSocketService';

/** The event shape the first backend sent (before event_type / user_id / data). */
export interface LegacyAgentEvent {
  type: string;
  time: string;
  user: string;
  [key: string]: unknown;
}

export class WsClient {
  private readonly service: WebSocketService;

  constructor(url: string, options: Partial<WebSocketOptions> = {}) {
    this.service = createWebSocketService({ reconnect: true, ...options, url });
  }

  connect(): Promise<void> {
    return this.service.connect();
  }

  /** Sends an event in either shape: the backend reads both while the migration rolls out. */
  emit(event: LegacyAgentEvent | AgentEvent): void {
    this.service.send(event);
  }

  disconnect(): void {
    this.service.close();
  }
}

export type { WebSocketOptions };
export { WebSocketService };
