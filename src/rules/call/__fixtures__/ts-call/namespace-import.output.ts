import { createWebSocketService } from '@/services/webSocketService';

export const c = createWebSocketService({ url: '/ws' });
