import { useEffect, useRef, useState } from 'react';
import * as ws from '../services/webSocketService';

export interface UseWebSocketResult {
  state: ws.ConnectionState;
  send(message: object): void;
}

export function useWebSocket(options: ws.WebSocketOptions): UseWebSocketResult {
  const service = useRef<ws.WebSocketService | null>(null);
  const [state, setState] = useState<ws.ConnectionState>('idle');

  useEffect(() => {
    const next = ws.createWebSocketService(options);
    service.current = next;
    setState('connecting');
    next.connect().then(
      () => setState('open'),
      () => setState('closed'),
    );
    return () => next.close();
  }, [options.url]);

  return { state, send: (message) => service.current?.send(message) };
}

/** The admin console opens no socket until it is asked to. */
export async function connectLazily(): Promise<ws.WebSocketService> {
  const { getClient } = await import('@/services/webSocketService');
  return getClient();
}

/** Used by the embedded widget, which is bundled separately. */
export async function createStandalone(url: string): Promise<ws.WebSocketService> {
  const module = await import('../services/webSocketService');
  return module.createWebSocketService({ url, reconnect: false });
}

/** The debug panel builds its own socket, as code did before the factory existed. */
export function debugSocket(url: string): ws.WebSocketService {
  return new ws.WebSocketService({ url, reconnect: false });
}
