export interface DeadLetter {
  /** The message body exactly as it arrived, so a redrive replays it unchanged. */
  body: string;
  reason: string;
  errorName: string;
  source: string;
  receiveCount: number;
}

export interface DeadLetters {
  put(letter: DeadLetter): Promise<void>;
}
