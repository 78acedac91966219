import {
  WsClient,
  WebSocketService, // the service itself
  type LegacyAgentEvent,
} from '@/services/legacy/wsClient';

export function wrap(client: WsClient, event: LegacyAgentEvent): WebSocketService | undefined {
  void client;
  void event;
  return undefined;
}
