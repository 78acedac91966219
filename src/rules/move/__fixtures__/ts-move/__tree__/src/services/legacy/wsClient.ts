import { WebSocketService, type WebSocketOptions } from '../webSocketService';
export interface LegacyAgentEvent {
  type: string;
}
export class WsClient {
  constructor(readonly url: string) {}
}
export type { WebSocketOptions };
export { WebSocketService };
