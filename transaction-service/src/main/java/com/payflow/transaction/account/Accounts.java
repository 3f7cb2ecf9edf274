package com.payflow.transaction.account;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.transaction.shard.Shards;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** Accounts on their shards. */
@Repository
public class Accounts {

  private static final RowMapper<Account> ROW = (rs, n) -> new Account(rs.getString("id"),
      rs.getString("owner_client"), rs.getString("currency"), rs.getString("kind"),
      rs.getString("status"), rs.getLong("balance"));
  private static final int STREAM_FETCH_SIZE = 1000;

  private final Shards shards;

  Accounts(Shards shards) {
    this.shards = shards;
  }

  /** Inserts an open account with zero balance; false if the id is taken. */
  public boolean open(AccountId id, ClientId owner, String currency, String kind) {
    try {
      shards.of(id).update("INSERT INTO accounts (id, owner_client, currency, kind, status,"
          + " balance) VALUES (?, ?, ?, ?, 'OPEN', 0)", id.value(), owner.value(), currency,
          kind);
      return true;
    } catch (DuplicateKeyException taken) {
      return false;
    }
  }

  /** The account, if it exists. */
  public Optional<Account> find(AccountId id) {
    List<Account> rows = shards.of(id).query("SELECT id, owner_client, currency, kind, status,"
        + " balance FROM accounts WHERE id = ?", ROW, id.value());
    return rows.stream().findFirst();
  }

  /** Streams every addressable account of every shard (bounded memory). */
  public void forEachAccount(Consumer<Account> action) {
    for (int shard = 0; shard < shards.count(); shard++) {
      var template = shards.shard(shard);
      template.setFetchSize(STREAM_FETCH_SIZE);
      template.query("SELECT id, owner_client, currency, kind, status, balance FROM accounts"
          + " WHERE kind <> 'CLEARING'", rs -> {
            action.accept(ROW.mapRow(rs, 0));
          });
    }
  }
}
