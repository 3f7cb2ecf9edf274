package com.payflow.systemtest.security;

import com.payflow.testsupport.RunningPlatform;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small client of the running platform through Nginx (loopback only). */
final class Api {

  static final Pattern TX_ID = Pattern.compile("\"transactionId\":\"([0-9a-f-]{36})\"");

  final RunningPlatform platform = RunningPlatform.fromRunFolder();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  String alice() {
    return platform.require("DEMO_ALICE_API_KEY");
  }

  String bob() {
    return platform.require("DEMO_BOB_API_KEY");
  }

  String operator() {
    return platform.require("PAYFLOW_OPERATOR_API_KEY");
  }

  /** Sends {@code method path} with an optional key, idempotency key and JSON body. */
  HttpResponse<String> call(
      String method, String path, String apiKey, String idempotencyKey, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(platform.baseUrl() + path))
            .timeout(Duration.ofSeconds(60));
    if (apiKey != null) {
      request.header("X-Api-Key", apiKey);
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String payment(String payer, String payee, long value, String reference) {
    return "{\"payer\":\""
        + payer
        + "\",\"payee\":\""
        + payee
        + "\",\"amount\":{\"value\":"
        + value
        + ",\"currency\":\"EUR\"},\"reference\":\""
        + reference
        + "\"}";
  }

  static String txId(HttpResponse<String> accepted) {
    Matcher id = TX_ID.matcher(accepted.body());
    if (!id.find()) {
      throw new AssertionError(
          "no transactionId in " + accepted.statusCode() + " " + accepted.body());
    }
    return id.group(1);
  }

  /** Waits until the payment's status is no longer ACCEPTED (or the timeout). */
  String awaitDecided(String txId, String apiKey, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> status = call("GET", "/api/v1/payments/" + txId, apiKey, null, null);
      last = status.statusCode() + " " + status.body();
      if (status.statusCode() == 200 && !status.body().contains("ACCEPTED")) {
        return status.body();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("payment " + txId + " not decided in " + timeout + ": " + last);
  }
}
