import type * as z from 'zod';
import type {
  breakdownReport,
  caseList,
  commentsPage,
  distributionReport,
  loopReport,
  loyaltyReport,
  programsList,
  reasonsReport,
  sourcesList,
  summaryReport,
  themesReport,
  trendReport,
} from '../../contracts/staff-api.ts';

/** What the staff API answers, as its published schemas say (types only: no schema is shipped to the browser). */
export type Summary = z.output<typeof summaryReport>['summary'];
export type Trend = z.output<typeof trendReport>;
export type Distribution = z.output<typeof distributionReport>;
export type Breakdown = z.output<typeof breakdownReport>;
export type CommentsPage = z.output<typeof commentsPage>;
export type Sources = z.output<typeof sourcesList>;
export type Choices = z.output<ReturnType<typeof programsList>>;
export type Loop = z.output<typeof loopReport>;
export type Loyalty = z.output<typeof loyaltyReport>;
export type Drivers = { themes: z.output<typeof themesReport>; reasons: z.output<typeof reasonsReport> };
/** A case as listed: the documented fields, and what the list carries besides (the schema lets it). */
export type CaseView = z.output<ReturnType<typeof caseList>>['cases'][number] & {
  program?: string;
  resolvedAt?: string;
  customer?: { name?: string; email?: string };
  answer?: { score: number; comment?: string };
};

export const TOKEN_KEY = 'closeloop.staffToken';

/** A staff API call with the tab's token; a refused token sends the person back to sign in. */
export async function api(token: string, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) };
  const response = await fetch(path, { ...init, headers });
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    location.replace('/sign-in?expired=1');
    throw new Error('Your sign-in has expired.');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new Error(body.error?.message || `HTTP ${response.status}`);
  }
  return response;
}

export const getJson = async <T>(token: string, path: string): Promise<T> =>
  (await (await api(token, path)).json()) as T;
