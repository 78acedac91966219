// `legacy.WebSocketOptions` becomes the name the first import already binds: no second import of it.
import { WsClient } from '@/services/legacy/wsClient';
import { type WebSocketOptions } from '@/services/webSocketService';
import * as legacy from '@/services/legacy/wsClient';

export const options: WebSocketOptions = { url: '/ws' };
export const other: WebSocketOptions = options;
export const client = new legacy.WsClient('/ws');
void WsClient;
