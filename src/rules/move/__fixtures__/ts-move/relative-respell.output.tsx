import { useState } from 'react';
import { WebSocketService, type ConnectionState } from '@/services/webSocketService';

export function List({ service }: { service: WebSocketService }): ConnectionState {
  const [state] = useState<ConnectionState>('idle');
  void service;
  return state;
}
