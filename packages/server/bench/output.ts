// What a benchmark prints. Plain: one human line per figure on stdout. With --json: the JSON
// document alone on stdout, so `npm run --silent bench:slots -- --json | jq` works, and the human
// lines on stderr as progress (so does anything a library logs with console.log meanwhile).
export interface BenchOutput {
  json: boolean;
  /** A human-readable line: stdout, or stderr under --json. */
  line(text: string): void;
  /** The whole result: on stdout under --json, nothing otherwise. */
  result(benchmark: string, results: Record<string, unknown>): void;
}

export function benchOutput(argv: readonly string[] = process.argv): BenchOutput {
  const json = argv.includes('--json');
  const stdout = process.stdout.write.bind(process.stdout);
  if (json) console.log = console.info = console.debug = console.error; // keep stdout for the JSON alone
  return {
    json,
    line: (text) => (json ? process.stderr : process.stdout).write(`${text}\n`),
    result(benchmark, results) {
      if (json) stdout(`${JSON.stringify({ benchmark, at: new Date().toISOString(), results }, null, 2)}\n`);
    },
  };
}
