import { DynamoDbCustomerData } from '../adapters/dynamodb/customer-data.ts';
import { systemClock } from '../ports/clock.ts';
import { dynamoDocumentClient } from './clients.ts';
import { eventPublisher } from './metered-events.ts';

/** What erasing a customer needs, built once per container (the staff route and the event consumer). */
export function eraseDeps(env: { TABLE_NAME: string; EVENT_BUS_NAME: string }) {
  return {
    customers: new DynamoDbCustomerData(dynamoDocumentClient(), env.TABLE_NAME),
    events: eventPublisher(env.EVENT_BUS_NAME),
    clock: systemClock,
  };
}
