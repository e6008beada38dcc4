import { type CallContext, defaultContext } from './service-call.ts';

export interface ClientOptions {
  /** Where and how calls go: the transport, the environment (region, credentials, endpoints), an observer. */
  context?: Partial<CallContext>;
  /** Five attempts unless said otherwise (the SDK's standard mode with `maxAttempts: 5`). */
  maxAttempts?: number;
}

type Json = Record<string, unknown>;

/**
 * What wraps every call of a client, as the SDK's `initialize` middlewares do: it may read or add to the input
 * before the request is built, and read the output (with `$metadata.attempts`). The benchmark's meter is one.
 */
export type Middleware = (call: { operation: string; input: Json }, next: () => Promise<Json>) => Promise<Json>;

/** A client of one AWS service: its calls' context, and the middlewares around each call. */
export abstract class AwsClient {
  protected readonly context: CallContext;
  protected readonly maxAttempts: number;
  private readonly middlewares: Middleware[] = [];

  constructor(options: ClientOptions = {}) {
    this.context = { ...defaultContext, ...options.context };
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  /** Adds a middleware around every later call; the first added runs outermost. */
  use(middleware: Middleware): void {
    this.middlewares.push(middleware);
  }

  protected through<O>(operation: string, input: object, run: () => Promise<O>): Promise<O> {
    let next = run as unknown as () => Promise<Json>;
    for (let i = this.middlewares.length - 1; i >= 0; i--) {
      const middleware = this.middlewares[i] as Middleware;
      const inner = next;
      next = () => middleware({ operation, input: input as Json }, inner);
    }
    return next() as Promise<O>;
  }
}
