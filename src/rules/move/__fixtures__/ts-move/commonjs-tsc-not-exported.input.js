"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.filter = void 0;
var isFunction_1 = require("../util/isFunction");
function filter(predicate) {
    if (!isFunction_1.isFunction(predicate)) throw new TypeError('predicate');
    return predicate;
}
exports.filter = filter;
