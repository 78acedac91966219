import { WsClient } from "@/services/legacy/wsClient"
import { WebSocketService } from "@/services/webSocketService"

export const pair = (client: WsClient, service: WebSocketService) => [client, service]
