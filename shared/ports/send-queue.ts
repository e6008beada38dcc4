import type { SendRequest } from '../contracts/send-request.ts';

/** Where due emails wait for the sender, which drains them within the SES send rate. */
export interface SendQueue {
  enqueue(requests: readonly SendRequest[]): Promise<void>;
}
