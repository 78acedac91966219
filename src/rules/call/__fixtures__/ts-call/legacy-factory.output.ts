import { createWebSocketService } from '@/services/webSocketService';

export const client = () => createWebSocketService({ url: '/ws' });
