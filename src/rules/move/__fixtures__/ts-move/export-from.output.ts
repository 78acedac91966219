export { getClient as getSocket, createWebSocketService as make, WebSocketService } from '@/services/webSocketService';
export type { ConnectionState as SocketState } from '@/services/webSocketService';
export { WsClient } from '../services/legacy/wsClient';
