// Imports for their effects alone: no name is read, so a module that moves whole (renamed or not) is followed; a
// module of which only some names move stays, and so do its effects.
import '../lib/socket';
import "./legacy/wsClient";
import '../old/events';
