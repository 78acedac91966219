import {
  WsClient,
  type LegacyAgentEvent,
} from '@/services/legacy/wsClient';
import { WebSocketService } from '@/services/webSocketService';

export function wrap(client: WsClient, event: LegacyAgentEvent): WebSocketService | undefined {
  void client;
  void event;
  return undefined;
}
