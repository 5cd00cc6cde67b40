// A file tracer finds the native binary from require('haro-rs') alone: @vercel/nft (what
// Vercel and Next.js output tracing use) follows the generated loader's literal
// require('haro-rs-<platform>') to the platform package and its .node file.
// Usage (in a scratch project): node check-trace.cjs <path of @vercel/nft> <platform package> <spec>
'use strict';
const assert = require('node:assert/strict');
const {writeFileSync} = require('node:fs');
const {nodeFileTrace} = require(process.argv[2]);
const platformPackage = process.argv[3];
const spec = process.argv[4] ?? 'haro-rs';
const tag = platformPackage.replace(/^haro-rs-/, '');

writeFileSync('trace-entry.cjs', `const {haro} = require('${spec}');\nconsole.log(haro([{id: 1}]).size);\n`);
writeFileSync('trace-entry.mjs', `import {haro} from '${spec}';\nconsole.log(haro([{id: 1}]).size);\n`);
(async () => {
	for (const entry of ['trace-entry.cjs', 'trace-entry.mjs']) {
		const {fileList, warnings} = await nodeFileTrace([entry], {base: process.cwd()});
		const files = [...fileList].sort();
		const pkgDir = spec === 'haro-rs' ? 'node_modules/haro-rs' : `node_modules/${spec}`;
		// the platform package may sit at the top of node_modules or under the main package's
		const binary = files.find(f => f.endsWith(`node_modules/${platformPackage}/haro-rs.${tag}.node`));
		for (const need of [`${pkgDir}/native.js`, `${pkgDir}/lib/binding.js`, binary, binary?.replace(/[^/]+$/, 'package.json')]) {
			assert.ok(need && files.includes(need), `${entry}: @vercel/nft did not trace ${need ?? `the ${platformPackage} binary`}; it found:\n  ${files.join('\n  ')}\nwarnings: ${[...warnings].map(w => w.message).join('; ')}`);
		}
		console.log(`ok - @vercel/nft traces ${entry} (${spec}) to ${binary} (${files.length} files)`);
	}
})().catch(e => {
	console.error(e);
	process.exit(1);
});
