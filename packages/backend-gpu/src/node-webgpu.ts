/**
 * Finding a hardware WebGPU adapter in Node without making the API asynchronous: a child process asks
 * Dawn (the optional `webgpu` package) for its adapter, and when that is a real GPU the package's
 * native module is loaded here synchronously to provide `navigator.gpu`. Everything returns null
 * outside Node or when `webgpu` is not installed.
 */

interface NodeProcess {
  versions?: { node?: string };
  execPath: string;
  platform: string;
  arch: string;
  cwd(): string;
  env: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
}

type Require = ((id: string) => unknown) & { resolve(id: string): string };

function nodeProcess(): NodeProcess | null {
  const p = (globalThis as { process?: NodeProcess }).process;
  return p?.versions?.node && p.getBuiltinModule ? p : null;
}

/** The `webgpu` package's folder, resolved from where the application runs and from this file. */
function webgpuDir(proc: NodeProcess): string | null {
  const { createRequire } = proc.getBuiltinModule!('node:module') as {
    createRequire(from: string): Require;
  };
  const { dirname } = proc.getBuiltinModule!('node:path') as { dirname(p: string): string };
  const bases: string[] = [`${proc.cwd()}/`];
  try {
    bases.unshift(import.meta.url);
  } catch {}
  for (const base of bases) {
    try {
      return dirname(createRequire(base).resolve('webgpu/package.json'));
    } catch {}
  }
  return null;
}

/** What the child process reports about Dawn's default adapter. */
export interface ProbedAdapter {
  renderer: string;
  software: boolean;
}

const SOFTWARE = /llvmpipe|softpipe|swiftshader|lavapipe|software|mesa/i;

/** Asks Dawn, in a child process (so nothing of it stays in this one), for its default adapter. */
export function probeWebGPU(): ProbedAdapter | null {
  const proc = nodeProcess();
  if (!proc || proc.env.KINDLING_WEBGPU_PROBE === '0') return null;
  const dir = webgpuDir(proc);
  if (!dir) return null;
  const { spawnSync } = proc.getBuiltinModule!('node:child_process') as {
    spawnSync(cmd: string, args: string[], o: object): { status: number | null; stdout: string };
  };
  const { pathToFileURL } = proc.getBuiltinModule!('node:url') as { pathToFileURL(p: string): URL };
  const script = `const { create } = await import(${JSON.stringify(pathToFileURL(`${dir}/index.js`).href)});
const a = await create([]).requestAdapter();
const i = a?.info ?? {};
console.log('KINDLING' + JSON.stringify(a ? { r: [i.vendor, i.architecture, i.device, i.description].filter(Boolean).join(' '), f: a.isFallbackAdapter === true } : null));
process.exit(0);`;
  const r = spawnSync(proc.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  const line = r.stdout?.split('\n').find((l) => l.startsWith('KINDLING'));
  if (!line) return null;
  const found = JSON.parse(line.slice('KINDLING'.length)) as { r: string; f: boolean } | null;
  if (!found) return null;
  return { renderer: found.r || 'unknown', software: found.f || SOFTWARE.test(found.r) };
}

/** Loads Dawn's native module synchronously and installs `navigator.gpu`. */
export function installDawn(flags: readonly string[]): boolean {
  const proc = nodeProcess();
  const dir = proc && webgpuDir(proc);
  if (!proc || !dir) return false;
  const { createRequire } = proc.getBuiltinModule!('node:module') as {
    createRequire(from: string): Require;
  };
  const arch = proc.platform === 'darwin' ? 'universal' : proc.arch;
  const dawn = createRequire(`${dir}/`)(`./dist/${proc.platform}-${arch}/dawn.node`) as {
    create(flags: readonly string[]): unknown;
    globals: Record<string, unknown>;
  };
  Object.assign(globalThis, dawn.globals);
  const nav = (globalThis as { navigator?: object }).navigator;
  Object.defineProperty(globalThis, 'navigator', {
    value: { ...(nav ?? {}), gpu: dawn.create(flags) },
    configurable: true,
    writable: true,
  });
  return true;
}
