package com.payflow.transaction.transaction;

import com.payflow.contracts.account.AccountId;
import com.payflow.transaction.system.ApiProblem;
import com.payflow.transaction.system.TransactionProperties;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Opaque history cursors: the last entry id shown and the balance right after the next older entry,
 * bound to the account and signed (HMAC-SHA256, 128 bits kept). Carrying the balance makes every
 * page cost one keyset query instead of a sum over the account's whole history; the signature keeps
 * a client from making the service print a running balance it invented.
 */
@Component
class HistoryCursors {

  private static final byte VERSION = 1;
  private static final int MAC_BYTES = 16;
  private static final int LENGTH = 1 + Long.BYTES + Long.BYTES + MAC_BYTES;
  private static final int MAX_TEXT_LENGTH = 64;

  /** Where the next page starts. */
  record Cursor(long beforeEntryId, long balanceAfter) {}

  private final SecretKeySpec key;

  HistoryCursors(QueryProperties query, TransactionProperties transaction) {
    String secret =
        query.cursorKey().isEmpty()
            ? "payflow/history-cursor/" + transaction.operatorKeySha256()
            : query.cursorKey();
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  String encode(AccountId account, Cursor cursor) {
    ByteBuffer buffer =
        ByteBuffer.allocate(LENGTH)
            .put(VERSION)
            .putLong(cursor.beforeEntryId())
            .putLong(cursor.balanceAfter());
    buffer.put(mac(account, cursor));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
  }

  Cursor decode(AccountId account, String text) {
    byte[] bytes;
    try {
      if (text.length() > MAX_TEXT_LENGTH) {
        throw invalid();
      }
      bytes = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException notBase64) {
      throw invalid();
    }
    if (bytes.length != LENGTH || bytes[0] != VERSION) {
      throw invalid();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
    Cursor cursor = new Cursor(buffer.getLong(), buffer.getLong());
    byte[] mac = Arrays.copyOfRange(bytes, LENGTH - MAC_BYTES, LENGTH);
    if (!MessageDigest.isEqual(mac, mac(account, cursor)) || cursor.beforeEntryId() < 1) {
      throw invalid();
    }
    return cursor;
  }

  private byte[] mac(AccountId account, Cursor cursor) {
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(key);
      hmac.update(account.utf8());
      hmac.update((byte) 0);
      hmac.update(
          ByteBuffer.allocate(2 * Long.BYTES)
              .putLong(cursor.beforeEntryId())
              .putLong(cursor.balanceAfter())
              .array());
      return Arrays.copyOf(hmac.doFinal(), MAC_BYTES);
    } catch (GeneralSecurityException impossible) {
      throw new IllegalStateException("every JDK must provide HmacSHA256", impossible);
    }
  }

  private static ApiProblem invalid() {
    return new ApiProblem(
        HttpStatus.BAD_REQUEST,
        "invalid-cursor",
        "cursor is not one this service issued for this account; start without a cursor");
  }
}
