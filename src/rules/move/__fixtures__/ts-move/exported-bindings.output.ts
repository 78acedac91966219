// A module bound by an exported declaration is read by other files through that name: it follows only a module
// that moves whole and unrenamed; otherwise it is reported. A local binding never read follows a whole move.
export const m = require('../lib/socket');
export const p = import('../lib/socket');
export const q = require('@/services/events');
const local = require('@/services/webSocketService');
