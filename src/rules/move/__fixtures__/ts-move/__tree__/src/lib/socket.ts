export {
  WebSocketService as Socket,
  createWebSocketService as createSocket,
  getClient as getSocket,
} from '../services/webSocketService';
export type { ConnectionState as SocketState, WebSocketOptions as SocketOptions } from '../services/webSocketService';
