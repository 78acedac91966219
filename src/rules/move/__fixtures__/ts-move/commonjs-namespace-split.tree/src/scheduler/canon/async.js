"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.async = exports.asyncScheduler = void 0;
exports.asyncScheduler = { now: Date.now };
exports.async = exports.asyncScheduler;
