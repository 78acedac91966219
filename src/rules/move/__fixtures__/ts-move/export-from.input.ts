export { getSocket, createSocket as make } from './socket';
export type { SocketState } from './socket';
export { WsClient, WebSocketService } from '../services/legacy/wsClient';
