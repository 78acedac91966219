// CRLF line endings throughout
import {
  WsClient,
} from "@/services/legacy/wsClient"
import { getClient, WebSocketService } from "@/services/webSocketService"

export async function open(client: WsClient): Promise<WebSocketService> {
  void client
  return getClient()
}
