import { CustomerErasureRequested } from './customer-erasure-requested.ts';
import { OrderRefunded } from './order-refunded.ts';
import { PurchaseCompleted } from './purchase-completed.ts';
import { TicketClosed } from './ticket-closed.ts';
import { TicketReopened } from './ticket-reopened.ts';

/**
 * The contracts of the events a business puts (or a connector puts for it): what the connectors map onto. Apart
 * from `index.ts` so that a function that reads them builds none of the outbound ones.
 */
export const inboundContracts = [
  PurchaseCompleted,
  TicketClosed,
  OrderRefunded,
  TicketReopened,
  CustomerErasureRequested,
] as const;
