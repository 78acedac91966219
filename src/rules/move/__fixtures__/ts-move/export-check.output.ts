import { createSocket } from '../lib/socket';
import { getClient } from '@/services/webSocketService';

export const both = [getClient, createSocket];
