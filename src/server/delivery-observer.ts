import type { DeliveryObserver } from '../domain/delivery/delivery-ports';
import type { Metrics } from './metrics';

/** Delivery reports into metrics: reports by status, and the dispatch → DELIVERED lag. */
export function deliveryObserver(metrics: Metrics): DeliveryObserver {
  return {
    reported({ status, duplicate, changed, lagSeconds }) {
      metrics.deliveryReports.inc({ status, outcome: duplicate ? 'duplicate' : changed ? 'changed' : 'kept' });
      if (lagSeconds !== null) metrics.deliveryLag.observe(lagSeconds);
    },
  };
}
