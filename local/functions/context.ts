/** Real time in epoch milliseconds, whatever the runtime's clock says (the deadline is real: timeouts are). */
const realNow = () => performance.timeOrigin + performance.now();

/** The context object Lambda gives a handler for one invocation. */
export function lambdaContext(options: {
  functionName: string;
  memoryMb: number;
  requestId: string;
  deadline: number;
}) {
  return {
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${options.functionName}`,
    memoryLimitInMB: String(options.memoryMb),
    awsRequestId: options.requestId,
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, options.deadline - realNow()),
  };
}
