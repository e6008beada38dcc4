import { describe, expect, it } from 'vitest';
import { STAFF_ERROR_CODES } from '#shared/contracts/staff-api.ts';
import { functionsOf, wiring } from '#shared/topology/wiring.ts';
import type { LocalMetric } from '../../local/metrics.ts';
import { eventually, localClients, staffFetch } from '../support/runtime.ts';
import { postForm, surveyEmail } from '../support/surveys.ts';

const { urls } = localClients();

async function metric(name: string, dimensions: Record<string, string>): Promise<number> {
  const metrics = (await (await fetch(`${urls.events}/metrics?name=${name}`)).json()) as LocalMetric[];
  return metrics
    .filter((m) => m.namespace === 'closeloop' && Object.entries(dimensions).every(([k, v]) => m.dimensions[k] === v))
    .reduce((sum, m) => sum + m.sum, 0);
}

describe('the runtime runs what deploys', () => {
  it('hosts every function from its bundle, with the configuration beside it as in /var/task', async () => {
    const tasks = (await (await fetch(`${urls.events}/functions`)).json()) as {
      id: string;
      entry: string;
      configFile: string;
    }[];
    expect(tasks.map((task) => task.id).sort()).toEqual(
      functionsOf(wiring)
        .map((fn) => fn.id)
        .sort(),
    );
    for (const task of tasks) {
      expect(task.entry).toMatch(new RegExp(`/functions/${task.id}/index\\.mjs$`));
      expect(task.configFile).toBe(task.entry.replace(/index\.mjs$/, 'closeloop.config.json'));
    }
  });

  it('answers staff API errors with the readable codes its OpenAPI document lists', async () => {
    // Act
    const invalid = await staffFetch(`${urls.http}/api/cases?limit=lots`);
    const missing = await staffFetch(`${urls.http}/api/cases/no-such-case`);
    const document = JSON.stringify(await (await staffFetch(`${urls.http}/api/openapi.json`)).json());
    // Assess
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { code: string } }).error.code).toBe('InvalidInput');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('CaseNotFound');
    expect(document).toContain(`"enum":${JSON.stringify(STAFF_ERROR_CODES)}`);
  });

  it('counts the business in EMF metrics, as CloudWatch reads them from the functions’ output', async () => {
    // Prepare
    const program = { program: 'purchase-nps' };
    const detractor = { ...program, class: 'detractor', channel: 'web' };
    const before = {
      scheduled: await metric('SurveysScheduled', program),
      sent: await metric('SurveysSent', program),
      answered: await metric('AnswersRecorded', detractor),
      opened: await metric('CasesOpened', program),
    };
    // Act: a survey at a store that closes the loop, answered as a detractor
    const survey = await surveyEmail({ storeId: 'store-loop' });
    expect((await postForm(survey.answerUrl, { score: '2' })).status).toBe(200);
    // Assess
    await eventually(
      async () =>
        (await metric('SurveysScheduled', program)) > before.scheduled &&
        (await metric('SurveysSent', program)) > before.sent &&
        (await metric('AnswersRecorded', detractor)) > before.answered &&
        (await metric('CasesOpened', program)) > before.opened
          ? true
          : undefined,
      'SurveysScheduled, SurveysSent, AnswersRecorded and CasesOpened counted',
    );
    // No metric carries an id as a dimension: each dimension value is one of a few.
    const all = (await (await fetch(`${urls.events}/metrics`)).json()) as LocalMetric[];
    const dimensionValues = all.flatMap((m) => Object.values(m.dimensions));
    expect(dimensionValues.filter((value) => value.includes(survey.surveyId) || value.includes('store-loop'))).toEqual(
      [],
    );
  });
});
