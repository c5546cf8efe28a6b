// Runs the pinned Prism CLI (`node serve.cjs mock ...` takes the same arguments as
// `prism mock ...`) and exits as soon as standard input closes. `cargo xtask
// conformance` starts Prism through this file with stdin piped from itself, so
// Prism never outlives it: not on success, not on failure, not when it is killed.
'use strict';

process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();

require('@stoplight/prism-cli/dist/index.js');
