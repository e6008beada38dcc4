import { programFor } from '../../shared/config/programs.ts';
import type { CloseloopConfig } from '../../shared/config/schema.ts';
import type { SentEmail } from './services.ts';

const DAY_MS = 86_400_000;

/**
 * What the rules promise, checked from what SES sent, independently of the code that kept them: no customer gets
 * two survey emails within the fatigue gap (nor within a program's throttle), and no store sends more of a program
 * in a UTC day than its daily cap.
 */
export function ruleViolations(sent: readonly SentEmail[], config: CloseloopConfig) {
  const byCustomer = new Map<string, SentEmail[]>();
  for (const email of sent) {
    const list = byCustomer.get(email.to) ?? [];
    list.push(email);
    byCustomer.set(email.to, list);
  }
  let fatigue = 0;
  let throttle = 0;
  for (const emails of byCustomer.values()) {
    emails.sort((a, b) => a.atMs - b.atMs);
    for (let i = 1; i < emails.length; i++) {
      const earlier = emails[i - 1] as SentEmail;
      const later = emails[i] as SentEmail;
      if (later.atMs - earlier.atMs < config.fatigue.minimumGap) fatigue++;
      const { throttleMs } = programFor(config, later.program, later.storeId);
      const last = emails.slice(0, i).findLast((e) => e.program === later.program);
      if (last && later.atMs - last.atMs < throttleMs) throttle++;
    }
  }
  const perDay = new Map<string, number>();
  for (const email of sent) {
    const key = `${email.storeId}|${email.program}|${Math.floor(email.atMs / DAY_MS)}`;
    perDay.set(key, (perDay.get(key) ?? 0) + 1);
  }
  let cap = 0;
  let busiestStoreDay = 0;
  for (const [key, count] of perDay) {
    busiestStoreDay = Math.max(busiestStoreDay, count);
    const [storeId = '', program = ''] = key.split('|');
    const { dailyCap } = programFor(config, program, storeId);
    if (dailyCap !== null && count > dailyCap) cap++;
  }
  return { fatigue, throttle, cap, busiestStoreDay, customers: byCustomer.size };
}
