package com.payflow.settlement.settlement;

import com.payflow.contracts.event.PaymentSubmitted;
import com.payflow.contracts.event.RejectionReason;

/** What settlement decided for one payment: settled (reason null) or rejected. */
record Decision(PaymentSubmitted payment, RejectionReason rejection, int payeeShard) {

  /** Whether money moved. */
  public boolean settled() {
    return rejection == null;
  }
}
