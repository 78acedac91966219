import { createWebSocketService } from '@/services/webSocketService';

export const View = () => <div onClick={() => createWebSocketService({ url: '/ws' })}>go</div>;
