package com.payflow.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payflow.gateway.system.ApiProblem;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

class PaymentRequestReaderTest {

  private static final String BODY =
      "{\"payer\":\"a-1\",\"payee\":\"b-1\","
          + "\"amount\":{\"value\":5,\"currency\":\"EUR\"},\"reference\":\"café\"}";

  private final PaymentRequestReader reader =
      new PaymentRequestReader(JsonMapper.builder().build());

  @Test
  void readsJson_inUtf8_andInTheDeclaredCharset() throws Exception {
    assertThat(reader.read(request("application/json", BODY.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(new PaymentRequest("a-1", "b-1", new PaymentRequest.Amount(5L, "EUR"), "café"));
    assertThat(
            reader
                .read(
                    request(
                        "application/json; charset=ISO-8859-1",
                        BODY.getBytes(StandardCharsets.ISO_8859_1)))
                .reference())
        .isEqualTo("café");
  }

  @Test
  void anotherContentType_isA415() {
    for (String type :
        new String[] {
          null,
          "text/plain",
          "application/xml",
          "application/*",
          "application/json; charset=no-such-charset",
          "not a type"
        }) {
      assertThatThrownBy(() -> reader.read(request(type, BODY.getBytes(StandardCharsets.UTF_8))))
          .as(String.valueOf(type))
          .isInstanceOfSatisfying(
              ApiProblem.class, problem -> assertThat(problem.status().value()).isEqualTo(415));
    }
  }

  @Test
  void anAcceptWithoutJson_isA406_andWildcardsAreFine() throws Exception {
    MockHttpServletRequest html = request("application/json", BODY.getBytes());
    html.addHeader("Accept", "text/html, application/xml;q=0.9");
    assertThatThrownBy(() -> reader.read(html))
        .isInstanceOfSatisfying(
            ApiProblem.class, problem -> assertThat(problem.status().value()).isEqualTo(406));

    MockHttpServletRequest any = request("application/json", BODY.getBytes());
    any.addHeader("Accept", "text/html, */*;q=0.1");
    assertThat(reader.read(any)).isNotNull();
  }

  @Test
  void notJson_failsAsAJacksonException() {
    assertThatThrownBy(() -> reader.read(request("application/json", "{bad".getBytes())))
        .isInstanceOf(JacksonException.class);
  }

  private static MockHttpServletRequest request(String contentType, byte[] body) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/payments");
    if (contentType != null) {
      request.setContentType(contentType);
    }
    request.setContent(body);
    return request;
  }
}
