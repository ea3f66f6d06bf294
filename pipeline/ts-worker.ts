/**
 * Worker threads that run this project's TypeScript. A worker does not inherit the `tsx` command's
 * loader, so its first step registers tsx's ESM loader (`tsx/esm/api` `register()`) and then imports
 * the module.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

function tsxLoaderUrl(): string {
  const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
  return pathToFileURL(join(dirname(packageJson), 'dist', 'esm', 'api', 'index.mjs')).href;
}

/**
 * Starts a worker thread that loads the TypeScript module at `module`.
 *
 * @example
 * const worker = startTsWorker(new URL('./worker.ts', import.meta.url), { workerData: { prereg } });
 */
export function startTsWorker(module: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const bootstrap = `import(${JSON.stringify(tsxLoaderUrl())}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
