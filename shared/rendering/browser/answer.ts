/**
 * The answer page's script, on pages that record on a choice: a person's one choice of a score records it at once.
 * A scanner's browser can hide that it is automated, show the page and run every script, but it does not choose:
 * `isTrusted` is false for any event a script makes. Once only.
 */
const form = document.getElementById('answer') as HTMLFormElement | null;
let done = false;
form?.addEventListener('change', (event) => {
  const target = event.target as HTMLInputElement | null;
  if (done || !event.isTrusted || target?.name !== 'score') return;
  done = true;
  // A reason belongs to the score it was picked for: another score is asked its own on the next page.
  for (const reason of form.querySelectorAll<HTMLInputElement>('input[name="reasons"]')) reason.checked = false;
  form.submit();
});
