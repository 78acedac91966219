// CRLF line endings throughout
import {
  WsClient,
  WebSocketService,
} from "@/services/legacy/wsClient"
import { getSocket } from "../lib/socket"

export async function open(client: WsClient): Promise<WebSocketService> {
  void client
  return getSocket()
}
