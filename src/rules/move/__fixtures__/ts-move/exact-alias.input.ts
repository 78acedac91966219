import { getClient } from '@ws';

export const client = getClient();
