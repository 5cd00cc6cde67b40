// The natives only tests call, `check()` (the engine's invariant check) and `panicForTest()`,
// are in the testing build of the addon (cargo feature `testing`, `npm run build:test`, which
// `npm test` runs first), not in the one users get. A suite that calls them imports this
// module first, before anything that loads the addon: the facade and the suite then both load
// that build, through HARO_RS_NATIVE_PATH (lib/binding.js). Workers inherit the variable.
// An HARO_RS_NATIVE_PATH already set is left alone.
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const TESTING = fileURLToPath(new URL('../../target/testing/haro-rs.node', import.meta.url));

if (!process.env.HARO_RS_NATIVE_PATH) {
	if (!existsSync(TESTING)) throw new Error(`${TESTING} is missing: run \`npm run build:test\` (npm test does)`);
	process.env.HARO_RS_NATIVE_PATH = TESTING;
}
