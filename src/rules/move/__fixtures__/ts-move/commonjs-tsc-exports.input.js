"use strict";
// tsc-emitted CommonJS: the legacy module's exports are all listed by the move, so it moves whole.
Object.defineProperty(exports, "__esModule", { value: true });
exports.map = void 0;
require("../util/isFunction");
var isFunction_1 = require("../util/isFunction");
function map(project) {
    if (!isFunction_1.isFunction(project)) throw new TypeError('project');
    return project;
}
exports.map = map;
