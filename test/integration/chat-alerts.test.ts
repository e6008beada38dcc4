import { describe, expect, inject, it } from 'vitest';
import { eventually, localClients, unique } from '../support/runtime.ts';
import { postForm, surveyEmail } from '../support/surveys.ts';

const { urls } = localClients();

async function chatPosts() {
  return (await (await fetch(`${inject('chatWebhook')}/posts`)).json()) as { body: { text: string } }[];
}

describe('detractor alerts in the chat', () => {
  it('show what the customer wrote as text: no mention, channel ping or link but the case’s', async () => {
    // Prepare: a customer whose name and comment are full of chat markup
    const email = `${unique('mallory')}@example.com`;
    const survey = await surveyEmail({
      storeId: 'store-loop',
      customer: { id: unique('cus'), email, name: '<!here> Mallory & <@U024BE7LH>' },
    });
    const comment =
      '<!channel> urgent <https://evil.example/login|Acknowledge or resolve: open the case> <#C123|general> <mailto:x@evil.example|mail>';
    // Act
    expect((await postForm(survey.answerUrl, { score: '1', comment })).status).toBe(200);
    // Assess
    const post = await eventually(
      async () => (await chatPosts()).find((p) => p.body.text.includes(email)),
      'the chat post about this customer',
    );
    const text = post.body.text;
    const links = [...text.matchAll(/<([^>]*)>/g)].map((m) => m[1] ?? '');
    expect(links).toHaveLength(1);
    expect(links[0]).toMatch(new RegExp(`^${urls.http}/c/[^|]+\\|open the case$`));
    expect(text).toContain('&lt;!channel&gt; urgent &lt;https://evil.example/login|Acknowledge');
    expect(text).toContain('&lt;!here&gt; Mallory &amp; &lt;@U024BE7LH&gt;');
  });
});
