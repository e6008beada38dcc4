import { parseMime } from '../shared/adapters/mime.ts';
import { newText, scoreInReply } from '../shared/domain/reply.ts';
import { median, round } from './stats.ts';

/** A reply as a mail client sends it, its body `bytes` long: a score, then line after line ending in ":". */
function rawReply(bytes: number): Buffer {
  const head = [
    'From: Ana Silva <ana@example.com>',
    'To: reply+token@replies.acme.example',
    'Subject: Re: How likely are you to recommend Acme Coffee?',
    'Content-Type: text/plain; charset=utf-8',
    '',
    '9 - lovely beans',
    '',
  ].join('\r\n');
  const line = 'Notes from our meeting:\r\n';
  return Buffer.from(head + line.repeat(Math.ceil(bytes / line.length)));
}

async function timeOne(raw: Buffer): Promise<number> {
  const start = performance.now();
  const email = await parseMime(raw, ['reply+token@replies.acme.example']);
  const found = scoreInReply(newText(email.text), 'nps');
  if (found?.score !== 9) throw new Error('the benchmark reply lost its score');
  return performance.now() - start;
}

/**
 * How long the reply handler's reading takes (MIME parse, the customer's own words, the score) for a 5 MB reply of
 * the shape that once made it quadratic, beside a 5 KB one read in the same run.
 */
export async function measureReplyParsing(rounds = 5) {
  const large = rawReply(5 * 1024 * 1024);
  const small = rawReply(5 * 1024);
  const largeMs: number[] = [];
  const smallMs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    smallMs.push(await timeOne(small));
    largeMs.push(await timeOne(large));
  }
  return { rounds, fiveMbMs: round(median(largeMs)), fiveKbMs: round(median(smallMs)) };
}
