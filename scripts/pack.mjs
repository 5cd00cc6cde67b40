#!/usr/bin/env node
// Packs haro-rs for a local install: copies each locally built `haro-rs.<platform>.node`
// (from `npm run build`) into npm/<platform>/, then `npm pack`s the main package and those
// platform packages into one directory.
//
//   node scripts/pack.mjs [--out DIR]      (npm run build:pack -- --out DIR)
//
// DIR defaults to a fresh temp directory. Progress goes to stderr; stdout gets one line per
// tarball, as `<package name> <absolute path>`, the main package first, so scripts can read it.
// Fails (exit 1) if the host platform has no local build, or if a platform package's version
// differs from the root package's (fix with `npx napi version`).
import {execFileSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {createRequire} from 'node:module';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const log = (...a) => console.error('[pack]', ...a);
const fail = msg => {
	console.error(`[pack] FAIL: ${msg}`);
	process.exit(1);
};

let out;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
	if (args[i] === '--out') out = args[++i];
	else if (args[i].startsWith('--out=')) out = args[i].slice(6);
	else fail(`unknown argument ${args[i]} (usage: node scripts/pack.mjs [--out DIR])`);
}
out = out ? resolve(out) : mkdtempSync(join(tmpdir(), 'haro-rs-pack-'));
mkdirSync(out, {recursive: true});

const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const binaryName = rootPkg.napi?.binaryName ?? rootPkg.name;
const npmDir = join(root, 'npm');
const host = createRequire(import.meta.url)('../lib/platform.js').platformTag();

// Platform packages whose binary exists: the host one must.
const platforms = [];
for (const tag of readdirSync(npmDir).sort()) {
	const pkgJsonPath = join(npmDir, tag, 'package.json');
	if (!existsSync(pkgJsonPath)) continue;
	const pkg = JSON.parse(readFileSync(pkgJsonPath, 'utf8'));
	if (pkg.version !== rootPkg.version) {
		fail(`${pkg.name} is at ${pkg.version} but ${rootPkg.name} is at ${rootPkg.version}; run \`npx napi version\``);
	}
	if (rootPkg.optionalDependencies?.[pkg.name] !== rootPkg.version) {
		fail(`${rootPkg.name}'s optionalDependencies do not pin ${pkg.name}@${rootPkg.version}`);
	}
	const file = `${binaryName}.${tag}.node`;
	if (pkg.main !== file) fail(`${pkg.name}: main is ${pkg.main}, expected ${file}`);
	// Binary redistributions must carry the license: keep each platform package's copy current.
	const license = join(root, 'LICENSE');
	if (existsSync(license) && (!existsSync(join(npmDir, tag, 'LICENSE')) ||
		readFileSync(license, 'utf8') !== readFileSync(join(npmDir, tag, 'LICENSE'), 'utf8'))) {
		copyFileSync(license, join(npmDir, tag, 'LICENSE'));
		log(`updated npm/${tag}/LICENSE`);
	}
	const built = join(root, file);
	if (existsSync(built)) {
		copyFileSync(built, join(npmDir, tag, file));
		log(`copied ${file} (${(statSync(built).size / 1024).toFixed(0)} KiB) into npm/${tag}/`);
		platforms.push({tag, name: pkg.name, dir: join(npmDir, tag)});
	} else if (tag === host) {
		fail(`no local build ${file} in ${root}: run \`npm run build\` first`);
	}
}
if (!platforms.length) fail(`no platform package for the host platform ${host} under npm/`);

function npmPack (dir) {
	const json = execFileSync('npm', ['pack', '--json', '--pack-destination', out], {
		cwd: dir,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const [info] = JSON.parse(json);
	log(`${info.name}@${info.version}: ${info.filename}, ${info.entryCount} files, ` +
		`${(info.size / 1024).toFixed(1)} KiB packed, ${(info.unpackedSize / 1024).toFixed(1)} KiB unpacked`);

	return {name: info.name, path: join(out, info.filename), files: info.files.map(f => f.path)};
}

const main = npmPack(root);
const stray = main.files.filter(f => f.endsWith('.node') || /^(src|target|npm|__test__|scripts|bench|notes)\//.test(f));
if (stray.length) fail(`the main tarball holds files users do not need: ${stray.join(', ')}`);
// (every entry point and typings file package.json names)
for (const need of ['index.js', 'index.mjs', 'index.d.ts', 'index.d.mts', 'native.js', 'LICENSE']) {
	if (!main.files.includes(need)) fail(`the main tarball lacks ${need}`);
}
const packed = [main];
for (const p of platforms) {
	const t = npmPack(p.dir);
	for (const need of [`${binaryName}.${p.tag}.node`, 'LICENSE']) {
		if (!t.files.includes(need)) fail(`${t.name} tarball lacks ${need}: ${t.files.join(', ')}`);
	}
	packed.push(t);
}
log(`tarballs in ${out}`);
for (const t of packed) console.log(`${t.name} ${t.path}`);
