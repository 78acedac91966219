import { WsClient, WebSocketService } from "@/services/legacy/wsClient"

export const pair = (client: WsClient, service: WebSocketService) => [client, service]
