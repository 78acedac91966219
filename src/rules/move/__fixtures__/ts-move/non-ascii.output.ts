/**
 * Connexion — 接続 — 🔌 the emoji before the imports is two UTF-16 code units: edits must still land exactly.
 */
import { getClient, WebSocketService } from '@/services/webSocketService'; // «socket» 🚀
import { WsClient } from '@/services/legacy/wsClient';

export const greeting = '¡hola! 👋';
export async function go(client: WsClient): Promise<WebSocketService> {
  void client;
  return getClient(); // 終わり
}
