import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { keys } from '#shared/adapters/dynamodb/table-design.ts';
import { emailHash } from '#shared/domain/unsubscribe-token.ts';
import { deadLetter, eventually, localClients, unique } from '../support/runtime.ts';
import { nextSurveySkipReason, surveyEmail } from '../support/surveys.ts';

const { eventBridge, dynamo } = localClients();

const item = async (key: { pk: string; sk: string }) =>
  (await dynamo.send(new GetCommand({ TableName: 'closeloop', Key: key, ConsistentRead: true }))).Item;

/** Puts an event shaped as SES publishes it (locally on the one bus; in AWS SES puts it on the default bus). */
async function putSesEvent(detailType: string, detail: Record<string, unknown>) {
  const result = await eventBridge.send(
    new PutEventsCommand({
      Entries: [
        { EventBusName: 'closeloop', Source: 'aws.ses', DetailType: detailType, Detail: JSON.stringify(detail) },
      ],
    }),
  );
  expect(result.FailedEntryCount).toBe(0);
}

/** A survey sent to a fresh customer, with the message id SES gave its email. */
async function sentSurvey() {
  const survey = await surveyEmail();
  const stored = await eventually(async () => {
    const found = await item(keys.survey(survey.surveyId));
    return typeof found?.messageId === 'string' ? found : undefined;
  }, 'the survey marked sent');
  const mail = {
    messageId: stored.messageId as string,
    timestamp: new Date().toISOString(),
    destination: [survey.detail.customer.email],
    tags: { surveyId: [survey.surveyId], program: ['purchase-nps'], storeId: [survey.storeId] },
  };
  return { ...survey, email: survey.detail.customer.email, mail };
}

describe('what SES reports back', () => {
  it('suppresses a hard-bounced address for every program, and notes the bounce on the survey', async () => {
    // Prepare
    const survey = await sentSurvey();
    // Act
    await putSesEvent('Email Bounced', {
      eventType: 'Bounce',
      mail: survey.mail,
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [{ emailAddress: survey.email, action: 'failed', status: '5.1.1' }],
        timestamp: new Date().toISOString(),
        feedbackId: 'feedback-1',
      },
    });
    // Assess: the suppression keeps a hash of the address, never the address
    const suppression = await eventually(() => item(keys.suppression(emailHash(survey.email))), 'the suppression');
    expect(suppression).toMatchObject({ reason: 'bounced' });
    expect(JSON.stringify(suppression)).not.toContain(survey.email);
    await eventually(async () => {
      const found = await item(keys.survey(survey.surveyId));
      return found?.feedback?.outcome === 'bounced' ? true : undefined;
    }, 'the bounce noted on the survey');
    // the next purchase, at another store, is skipped with the reason, and no email goes out
    expect(await nextSurveySkipReason(survey.email)).toBe('bounced');
  });

  it('suppresses a complaining address, and a later delivery report does not overwrite the complaint', async () => {
    const survey = await sentSurvey();
    await putSesEvent('Email Complaint Received', {
      eventType: 'Complaint',
      mail: survey.mail,
      complaint: {
        complainedRecipients: [{ emailAddress: survey.email }],
        complaintFeedbackType: 'abuse',
        timestamp: new Date().toISOString(),
      },
    });
    await eventually(async () => {
      const found = await item(keys.survey(survey.surveyId));
      return found?.feedback?.outcome === 'complained' ? true : undefined;
    }, 'the complaint noted');
    await putSesEvent('Email Delivered', {
      eventType: 'Delivery',
      mail: survey.mail,
      delivery: { recipients: [survey.email], timestamp: new Date().toISOString(), smtpResponse: '250 OK' },
    });
    expect(await nextSurveySkipReason(survey.email)).toBe('complained');
    expect((await item(keys.survey(survey.surveyId)))?.feedback).toMatchObject({ outcome: 'complained' });
  });

  it('notes deliveries and soft bounces without suppressing anyone', async () => {
    const delivered = await sentSurvey();
    const softly = await sentSurvey();
    await putSesEvent('Email Delivered', {
      eventType: 'Delivery',
      mail: delivered.mail,
      delivery: { recipients: [delivered.email], timestamp: new Date().toISOString() },
    });
    await putSesEvent('Email Bounced', {
      eventType: 'Bounce',
      mail: softly.mail,
      bounce: {
        bounceType: 'Transient',
        bounceSubType: 'MailboxFull',
        bouncedRecipients: [{ emailAddress: softly.email }],
        timestamp: new Date().toISOString(),
      },
    });
    await eventually(async () => {
      const [a, b] = await Promise.all([item(keys.survey(delivered.surveyId)), item(keys.survey(softly.surveyId))]);
      return a?.feedback?.outcome === 'delivered' && b?.feedback?.outcome === 'soft-bounced' ? true : undefined;
    }, 'both outcomes noted');
    expect(await item(keys.suppression(emailHash(delivered.email)))).toBeUndefined();
    expect(await item(keys.suppression(emailHash(softly.email)))).toBeUndefined();
  });

  it('dead-letters a malformed report with its reason, and suppresses nobody', async () => {
    const email = `${unique('nobody')}@example.com`;
    await putSesEvent('Email Bounced', {
      eventType: 'Bounce',
      mail: { messageId: unique('msg') },
      bounce: { bounceType: 'Sideways', bouncedRecipients: [{ emailAddress: email }], timestamp: 'yesterday' },
    });
    const letter = await deadLetter('delivery-feedback-dlq', email);
    expect(letter.MessageAttributes?.reason?.StringValue).toMatch(/bounceType/);
    expect(await item(keys.suppression(emailHash(email)))).toBeUndefined();
  });
});
