package com.payflow.ledger.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payflow.contracts.account.AccountId;
import java.util.Currency;
import org.junit.jupiter.api.Test;

/** Remembering validated fields never turns an invalid field valid. */
class ValidatedFieldsTest {

  @Test
  void validTextsGiveTheSameValues_invalidOnesThrowEveryTime() {
    ValidatedFields fields = new ValidatedFields();
    assertThat(fields.account("alice")).isEqualTo(new AccountId("alice"));
    assertThat(fields.account("alice")).isEqualTo(new AccountId("alice"));
    assertThat(fields.currency("EUR")).isEqualTo(Currency.getInstance("EUR"));
    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> fields.account("no spaces"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> fields.account(null)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> fields.currency("eur")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> fields.currency(null)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
