// A default import of a legacy module beside other imports of it (one spelled with .js, one a namespace import):
// the default import takes the named ones; a namespace import keeps a statement of its own.
import a from "./new";
import b, { x } from "./new.js";
import * as ns from "./new";

console.log(a, x, ns, b);
