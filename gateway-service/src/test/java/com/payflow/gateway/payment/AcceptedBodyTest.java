package com.payflow.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.payflow.contracts.account.ClientId;
import com.payflow.contracts.payment.TxId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class AcceptedBodyTest {

  private static final TxId TX_ID = TxId.parse("3cb7aa5f-4f59-84b9-a54a-687a4edc9797");

  @Test
  void json_isTheExactAcceptedBody() {
    assertThat(AcceptedBody.json(TX_ID))
        .isEqualTo(
            "{"
                + "\"transactionId\":\"3cb7aa5f-4f59-84b9-a54a-687a4edc9797\","
                + "\"status\":\"ACCEPTED\","
                + "\"statusUrl\":\"/api/v1/payments/3cb7aa5f-4f59-84b9-a54a-687a4edc9797\"}");
  }

  @Test
  void json_isValidJsonWhoseStatusUrlIsTheStatusPath() {
    TxId txId = TxId.forPayment(new ClientId("alice"), "key-1");

    Map<?, ?> body = JsonMapper.builder().build().readValue(AcceptedBody.json(txId), Map.class);

    assertThat(body)
        .isEqualTo(
            Map.of(
                "transactionId", txId.toString(),
                "status", "ACCEPTED",
                "statusUrl", PaymentSubmissionServlet.statusPath(txId)));
  }

  @Test
  void json_isTheSameOnEveryCallSoReplaysAreByteIdentical() {
    assertThat(AcceptedBody.json(TX_ID))
        .isEqualTo(AcceptedBody.json(TxId.parse("3CB7AA5F-4F59-84B9-A54A-687A4EDC9797")));
  }
}
