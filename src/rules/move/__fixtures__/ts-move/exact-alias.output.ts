import { getClient } from '@/services/webSocketService';

export const client = getClient();
