/**
 * `npm run pipeline -- judge`: rates an export's transcripts with the preregistered LLM judge
 * over an OpenAI-compatible Chat Completions endpoint (judge.ts). The only command that talks to
 * the network, and only to --endpoint.
 */
import type { Command } from '../command.ts';
import { parseCommandArgs, requireOption } from '../command.ts';
import { DEFAULT_PREREGISTRATION_FILE } from '../prereg/load.ts';
import { dryRunJudge, judgeExport } from './judge.ts';
import { JUDGE_ARGS, JUDGE_OPTIONS_HELP, interruptible, judgeOptionsFrom } from './options.ts';

const HELP = `Usage: npm run pipeline -- judge --data DIR --out DIR [--endpoint URL] [--model NAME] [--runs N]
                                [--concurrency K] [--max-requests N] [--timeout S] [--dry-run] [...]

Rates every conversation of an export on the six dimensions with the preregistered LLM judge
(preregistration.yaml, section judge: model, temperature, runs, prompt, rubric, parse rule). One
request per conversation × dimension × run, naming that one dimension and carrying the whole
transcript, to an OpenAI-compatible Chat Completions endpoint (OpenAI, Azure OpenAI, vLLM,
llama.cpp, Ollama, LM Studio, and Anthropic's and Google's OpenAI-compatible endpoints).

Every request and reply is kept in the store as it arrives (JSONL, addressed by content: the
endpoint, model, prompt, conversation, dimension and run). A rerun never pays twice: a request
whose reply is stored is not sent. A run stopped by Ctrl-C, a kill, --max-requests or a failing
endpoint loses at most the requests in flight; run the same command again to send the rest.

The score of each reply is read by the preregistered rule (the companion paper's "Step 3: Score
— N", with the variants real models write). A reply with no score, two different scores or one
outside 1-5 is a missing rating, kept with its reason, never guessed; the count is on the last line.

Options:
  --data DIR           the export (CONTRACT.md; a ratings table is not needed), or the Lend an Ear
                       pilot's own format
  --out DIR            where to write: new, empty, or an earlier output of this pipeline, whose own
                       files are replaced (a folder holding anything else is refused, untouched)
  --prereg FILE        the preregistration (default ${DEFAULT_PREREGISTRATION_FILE})
${JUDGE_OPTIONS_HELP}
  --dry-run            say how many requests there are, how many are stored already, how many would
                       be sent and their estimated prompt tokens; send and write nothing
  -h, --help           this text

Writes into --out, once every request has a reply:
  ratings.csv          the contract's ratings table (conversation_id, rater, dimension, score) with
                       judge_run, model and reply_ref (the stored reply's key); an unreadable reply
                       has no row
  judge.json           the settings used and preregistered, counts, every unreadable reply with its
                       reason, the tokens counted, and a few rationales per dimension when the study
                       is synthetic or its study.json says "public": true
  for a contract export, its other tables and study.json, copied: --out is then an export that
  'npm run pipeline -- run --data OUT' analyses as it is;
  for the pilot's format, judge_ratings.csv (one row per conversation, the median of the runs per
  dimension, in the layout of the pilot's annotations/NAME_ratings.csv). To see how the judge
  agrees with the pilot's experts:
    npm run pipeline -- reliability --framework data/frameworks/lend-an-ear.yaml \\
        --rater judge=OUT/ratings.csv --pair experts,judge --out DIR

Exit status: 0 done; 2 bad input or arguments, or the endpoint refused the requests (400, 401,
403, 404: the message names the key's variable, never its value); 3 stopped before every request
had a reply (budget, failing endpoint): what was stored stays stored, rerun to continue; 130
interrupted (Ctrl-C); 1 internal error.
`;

export const command: Command = {
  name: 'judge',
  summary: 'rate transcripts with the preregistered LLM judge (OpenAI-compatible endpoint; stored, resumable)',
  help: HELP,
  async run(argv: string[]): Promise<void> {
    const { values } = parseCommandArgs(argv, { data: { type: 'string' }, out: { type: 'string' }, prereg: { type: 'string' }, 'dry-run': { type: 'boolean' }, ...JUDGE_ARGS });
    const data = requireOption(values, 'data');
    const common = { data, prereg: values.prereg, ...judgeOptionsFrom(values) };
    if (values['dry-run']) {
      for (const line of await dryRunJudge(common)) process.stdout.write(`${line}\n`);
      return;
    }
    const signals = interruptible(process.stderr);
    try {
      const outcome = await judgeExport({ ...common, out: requireOption(values, 'out'), onDispatch: signals.onDispatch });
      for (const line of outcome.summary) process.stderr.write(`${line}\n`);
    } finally {
      signals.release();
    }
  },
};
