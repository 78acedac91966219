/**
 * Connexion — 接続 — 🔌 the emoji before the imports is two UTF-16 code units: edits must still land exactly.
 */
import { getSocket } from '../lib/socket'; // «socket» 🚀
import { WsClient, WebSocketService } from '@/services/legacy/wsClient';

export const greeting = '¡hola! 👋';
export async function go(client: WsClient): Promise<WebSocketService> {
  void client;
  return getSocket(); // 終わり
}
