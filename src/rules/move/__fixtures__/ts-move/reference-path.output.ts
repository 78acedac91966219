/// <reference path="./events.ts" />
/// <reference path='../lib/socket.ts' />
/// <reference types="node" />
export const referenced = true;
