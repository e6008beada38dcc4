/**
 * Every `detail-type` and `source` closeloop's rules match on, as plain strings: each contract module names its
 * detail-type from here, and the wiring builds its rule patterns from here without loading any schema, so a
 * function that reads the wiring carries no contract it does not use.
 */
export const DETAIL_TYPES = {
  purchaseCompleted: 'Purchase Completed',
  ticketClosed: 'Ticket Closed',
  orderRefunded: 'Order Refunded',
  ticketReopened: 'Ticket Reopened',
  customerErasureRequested: 'Customer Erasure Requested',
  customerErased: 'Customer Erased',
  surveySent: 'Survey Sent',
  surveyReminderSent: 'Survey Reminder Sent',
  surveySkipped: 'Survey Skipped',
  surveyAnswered: 'Survey Answered',
  detractorIdentified: 'Detractor Identified',
  promoterIdentified: 'Promoter Identified',
  followUpOpened: 'Follow-up Opened',
  followUpAcknowledged: 'Follow-up Acknowledged',
  followUpEscalated: 'Follow-up Escalated',
  followUpResolved: 'Follow-up Resolved',
  scoreDropped: 'Score Dropped',
  emailBounced: 'Email Bounced',
  emailComplaintReceived: 'Email Complaint Received',
  emailDelivered: 'Email Delivered',
  /** Every event Shopify delivers to an Amazon EventBridge partner event source. */
  shopifyWebhook: 'shopifyWebhook',
} as const;

/** The `source` closeloop puts its own events under; the business's events use any other. */
export const CLOSELOOP_SOURCE = 'closeloop';

/** The AWS source SES publishes its sending events under. */
export const SES_SOURCE = 'aws.ses';
