// Builds the dashboard bundle: esbuild (JS + CSS, minified, content-hashed names), index.html
// pointing at them, and a Qt resource file (orrery_web.qrc, prefix /orrery-web) listing every
// output for rcc. Reproducible: no timestamps, same inputs give the same bytes.
//   node build.mjs --out <dir> [--node-modules <dir>]
import * as path from 'node:path';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  if (i + 1 >= args.length) { console.error(`build.mjs: ${name} needs a value`); process.exit(2); }
  return path.resolve(args[i + 1]);
}
const out = option('--out', path.join(here, 'dist'));
const nodeModules = option('--node-modules', path.join(here, 'node_modules'));
// esbuild is resolved from the node_modules that `npm ci` filled (the build tree's, usually).
const { build } = await import(path.join(nodeModules, 'esbuild', 'lib', 'main.js'));

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
const result = await build({
  entryPoints: { app: path.join(here, 'src', 'main.js') },
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome110', 'firefox115', 'safari16'],
  outdir: out,
  // esbuild's [hash] also covers paths (the checkout's and the output's), so the names are made
  // from the content below instead: the same sources give the same names on every machine.
  entryNames: '[name]',
  assetNames: '[name]',
  nodePaths: [nodeModules],
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
const outputs = Object.keys(result.metafile.outputs).map((f) => {
  const name = path.basename(f);
  const body = fs.readFileSync(path.join(out, name));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  const hashed = name.replace(/(\.[a-z0-9]+)$/, `-${hash}$1`);
  fs.renameSync(path.join(out, name), path.join(out, hashed));
  return hashed;
});
const js = outputs.find((f) => /^app-.*\.js$/.test(f));
const css = outputs.find((f) => /^app-.*\.css$/.test(f));
if (!js || !css) { console.error('build.mjs: esbuild produced no app js/css', outputs); process.exit(1); }
const html = fs.readFileSync(path.join(here, 'src', 'index.html'), 'utf8')
  .replaceAll('{{APP_JS}}', `/ui/${js}`).replaceAll('{{APP_CSS}}', `/ui/${css}`);
fs.writeFileSync(path.join(out, 'index.html'), html);
const files = fs.readdirSync(out).filter((f) => f !== 'orrery_web.qrc').sort();
const qrc = ['<!DOCTYPE RCC>', '<RCC version="1.0">', '<qresource prefix="/orrery-web">',
  ...files.map((f) => `  <file>${f}</file>`), '</qresource>', '</RCC>', ''].join('\n');
fs.writeFileSync(path.join(out, 'orrery_web.qrc'), qrc);
const size = files.reduce((n, f) => n + fs.statSync(path.join(out, f)).size, 0);
console.log(`dashboard: ${files.length} files, ${size} bytes in ${out}`);
