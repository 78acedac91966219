"use strict";
// tsc's re-exports: both names are read off the binding, and only one of them moves.
Object.defineProperty(exports, "__esModule", { value: true });
exports.asyncScheduler = exports.async = void 0;
var async_1 = require("./scheduler/async");
Object.defineProperty(exports, "async", { enumerable: true, get: function () { return async_1.async; } });
Object.defineProperty(exports, "asyncScheduler", { enumerable: true, get: function () { return async_1.asyncScheduler; } });
