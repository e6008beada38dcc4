import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { authorizerClaims } from '#local/staff-issuer.ts';
import { Forbidden } from '#shared/domain/errors.ts';
import { requireAllStores, requireStore, storeAccessOf, storesToRead } from '#shared/domain/store-access.ts';
import { groupsClaim, staffAccess } from '#shared/platform/staff.ts';

const withClaims = (claims: Record<string, unknown>) =>
  ({ requestContext: { authorizer: { jwt: { claims } } } }) as unknown as APIGatewayProxyEventV2;

describe('store access from groups', () => {
  it('reads cognito:groups as API Gateway hands it over ("[a b]"), as a list, or as one group', () => {
    expect(groupsClaim('[store:berlin store:paris]')).toEqual(['store:berlin', 'store:paris']);
    expect(groupsClaim(['all-stores'])).toEqual(['all-stores']);
    expect(groupsClaim('store:berlin')).toEqual(['store:berlin']);
    expect(groupsClaim('[]')).toEqual([]);
    expect(groupsClaim(undefined)).toEqual([]);
    expect(groupsClaim(42)).toEqual([]);
    // What the local API hands a function is what API Gateway would
    const claims = authorizerClaims({ sub: 'x', exp: 5, 'cognito:groups': ['store:a', 'store:b'] });
    expect(claims).toEqual({ sub: 'x', exp: '5', 'cognito:groups': '[store:a store:b]' });
    expect(staffAccess(withClaims(claims))).toEqual({
      all: false,
      stores: ['store:a', 'store:b'].map((g) => g.slice(6)),
    });
  });

  it('gives every store for all-stores, the named stores for store:<id>, and nothing for other groups or none', () => {
    expect(storeAccessOf(['store:berlin', 'all-stores'])).toEqual({ all: true });
    expect(storeAccessOf(['store:paris', 'store:berlin', 'store:paris', 'managers', 'store:'])).toEqual({
      all: false,
      stores: ['berlin', 'paris'],
    });
    expect(storeAccessOf(['managers'])).toEqual({ all: false, stores: [] });
    expect(staffAccess(withClaims({ sub: 'x' }))).toEqual({ all: false, stores: [] });
  });

  it('refuses another store with the caller’s stores named, and narrows a query without one to theirs', () => {
    const berlin = storeAccessOf(['store:berlin']);
    const two = storeAccessOf(['store:berlin', 'store:paris']);
    expect(() => requireStore(berlin, 'paris')).toThrow(Forbidden);
    expect(() => requireStore(berlin, 'paris')).toThrow('your access covers berlin');
    expect(() => requireStore(berlin, 'berlin')).not.toThrow();
    expect(storesToRead(berlin, undefined)).toEqual({ storeId: 'berlin' });
    expect(storesToRead(two, undefined)).toEqual({ stores: ['berlin', 'paris'] });
    expect(storesToRead(two, 'paris')).toEqual({ storeId: 'paris' });
    expect(() => storesToRead(two, 'rome')).toThrow(Forbidden);
    expect(storesToRead({ all: true }, undefined)).toEqual({});
    expect(storesToRead({ all: true }, 'rome')).toEqual({ storeId: 'rome' });
    expect(() => storesToRead(storeAccessOf([]), undefined)).toThrow('You may not see any store');
    expect(() => requireAllStores(two, 'Erasing a customer')).toThrow(
      'Erasing a customer needs access to every store: your access covers berlin, paris; ask for the all-stores group',
    );
    expect(() => requireAllStores({ all: true }, 'Erasing a customer')).not.toThrow();
  });
});
