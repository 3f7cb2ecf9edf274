package com.payflow.gateway.payment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 fingerprints of idempotency keys and normalised requests. */
final class Fingerprints {

  private Fingerprints() {}

  /** Fingerprint of what makes two requests "the same payment". */
  static String request(PaymentValidation.ValidPayment payment) {
    // Unit separators (0x1f) cannot occur in validated fields, so the join is unambiguous.
    return sha256Hex(
        payment.payer().value()
            + '\u001f'
            + payment.payee().value()
            + '\u001f'
            + payment.amount().value()
            + '\u001f'
            + payment.amount().currencyCode()
            + '\u001f'
            + payment.reference());
  }

  /** Fingerprint of a client's idempotency key (bounded length inside Redis keys). */
  static String key(String idempotencyKey) {
    return sha256Hex(idempotencyKey);
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every JDK must provide SHA-256", impossible);
    }
  }
}
