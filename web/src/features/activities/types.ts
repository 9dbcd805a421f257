import type { RequestBodyOf, Schemas } from '../../app/api-types.ts';

export type Activity = Schemas['Activity'];

/** The records a new activity is logged against. */
export type ActivityLinks = Partial<
  Pick<RequestBodyOf<'/api/v1/activities', 'post'>, 'customerId' | 'contactId' | 'dealId' | 'leadId'>
>;
