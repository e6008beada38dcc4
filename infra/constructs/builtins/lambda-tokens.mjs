// Bedrock takes SigV4 from the function's role, or a bearer token (an API key) from AWS_BEARER_TOKEN_BEDROCK. The
// SDK's token chain would also bundle SSO's OIDC client for a token from an SSO session a function never has.
const envKey = (signingName) => `AWS_BEARER_TOKEN_${signingName.replace(/[\s-]/g, '_').toUpperCase()}`;

export const fromEnvSigningName =
  ({ signingName = '' } = {}) =>
  async () => {
    const token = process.env[envKey(signingName)];
    if (!token) throw new Error(`No bearer token in ${envKey(signingName)}`);
    return { token };
  };

export const nodeProvider = () => async () => {
  throw new Error('Functions take bearer tokens from the environment only');
};
