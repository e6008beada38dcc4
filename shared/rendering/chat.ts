/**
 * Slack's message format (which Mattermost, Rocket.Chat and Teams' Slack-compatible webhooks share): `&`, `<` and
 * `>` are its only control characters; a mention (`<!channel>`, `<@U…>`) or a link (`<https://…|…>`) needs them.
 * Escaped, text a customer or staff member wrote is shown as written and can form neither.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function escapeChatText(value: string): string {
  return value.replace(/[&<>]/g, (char) => ENTITIES[char] ?? char);
}

/** A link to one of closeloop's own URLs, labelled; the only link a chat message of closeloop's may carry. */
export function chatLink(url: string, label: string): string {
  const href = new URL(url).href.replace(/[&<>|]/g, (char) => encodeURIComponent(char));
  return `<${href}|${escapeChatText(label)}>`;
}
