/** An error the local AWS endpoint answers with, in the AWS JSON protocol's shape. */
export class AwsApiError extends Error {
  readonly type: string;
  readonly status: number;
  constructor(type: string, message: string, status = 400) {
    super(message);
    this.type = type;
    this.status = status;
  }
}

export type ApiHandler = (input: Record<string, unknown>) => Promise<unknown> | unknown;
export type ApiService = Record<string, ApiHandler>;
