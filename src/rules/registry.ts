/**
 * The rule kinds canonize ships. The config schema and the config compiler walk this list and nothing else: a new
 * kind is one folder under src/rules/ and one entry here (docs/architecture.md, "Rule kinds").
 */
import type { RuleKind } from '../core/rule-kind.js';
import { callKind } from './call/kind.js';
import { moveKind } from './move/kind.js';
import { shapeKind } from './shape/kind.js';
import { singletonsKind } from './singletons/kind.js';

/** In the order their fields appear in each language section. */
export const RULE_KINDS = [moveKind, callKind, singletonsKind, shapeKind] as const satisfies readonly RuleKind[];
