import type * as z from 'zod/mini';

/** `customer.email: Invalid email address` — one line per problem, the field path first. */
export function formatIssues(error: z.core.$ZodError, prefix?: string): string[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== undefined).join('.');
    return `${path || '(root)'}: ${issue.message}`;
  });
}
