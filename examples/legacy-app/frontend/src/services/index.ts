// Barrel for the services folder.
export { WebSocketService, createWebSocketService, getClient } from './webSocketService';
export type { WebSocketOptions, ConnectionState, AgentEvent } from './webSocketService';
