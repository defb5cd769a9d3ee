import { parentPort, workerData } from 'node:worker_threads';

/**
 * Runs a load script's job where it was started: on a worker thread (the job is `workerData`, the
 * result is posted back), or as a process of its own (bench/pinned.ts: the job as argv[2], the
 * result as JSON on stdout). `entry` is the script's module, so importing it runs nothing.
 */
export function runJob<J, R>(entry: NodeModule, run: (job: J) => Promise<R>): void {
  if (parentPort) {
    void run(workerData as J).then((r) => parentPort!.postMessage(r));
  } else if (require.main === entry) {
    void run(JSON.parse(process.argv[2]) as J).then((r) => {
      process.stdout.write(JSON.stringify(r));
      process.exit(0);
    });
  }
}
