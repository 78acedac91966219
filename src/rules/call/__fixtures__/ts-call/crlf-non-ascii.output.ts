// Ünïcode 🚀
import { createWebSocketService } from '@/services/webSocketService';

export const c = createWebSocketService({ url: '/ws', name: 'naïve' } as never);
