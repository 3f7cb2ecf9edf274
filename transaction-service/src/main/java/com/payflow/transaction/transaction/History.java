package com.payflow.transaction.transaction;

import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.account.ClientId;
import com.payflow.transaction.account.Account;
import com.payflow.transaction.account.Accounts;
import com.payflow.transaction.client.ApiAccess;
import com.payflow.transaction.shard.ShardReads;
import com.payflow.transaction.system.ApiProblem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * An account's entries, newest first, keyset-paginated by entry id, with the balance after each
 * entry.
 *
 * <p>Stable under concurrent inserts: settlement posts to an account only while holding its row
 * lock, so per account a new entry always gets a larger id than every committed one; a page
 * boundary ({@code entry_id < cursor}) therefore never moves, new entries only appear before the
 * first page, and the balance after an old entry never changes. The first page reads the account's
 * booked balance and its newest entries in one read-only transaction (one InnoDB snapshot), so the
 * running balance starts exactly at the booked balance.
 */
@Component
public class History {

  private final ShardReads reads;
  private final Accounts accounts;
  private final EntryRows entries;
  private final HistoryCursors cursors;
  private final QueryProperties properties;

  History(
      ShardReads reads,
      Accounts accounts,
      EntryRows entries,
      HistoryCursors cursors,
      QueryProperties properties) {
    this.reads = reads;
    this.accounts = accounts;
    this.entries = entries;
    this.cursors = cursors;
    this.properties = properties;
  }

  /** One line of the history. */
  public record Line(
      long entryId,
      String transactionId,
      long amount,
      String currency,
      Instant postedAt,
      long balanceAfter,
      String counterparty,
      String reference) {}

  /** One page; {@code nextCursor} is null on the last page. */
  public record Page(String account, String currency, List<Line> entries, String nextCursor) {}

  /** The page of {@code account} after {@code cursor} (null: newest), as {@code caller}. */
  public Page page(ClientId caller, AccountId account, String cursor, Integer limit) {
    int size = limit == null ? properties.historyDefaultLimit() : limit;
    if (size < 1 || size > properties.historyMaxLimit()) {
      throw new ApiProblem(
          HttpStatus.UNPROCESSABLE_CONTENT,
          "invalid-field",
          "limit must be 1.." + properties.historyMaxLimit() + ", was " + size);
    }
    HistoryCursors.Cursor start =
        cursor == null || cursor.isEmpty() ? null : cursors.decode(account, cursor);
    return reads.onShardOf(
        account,
        () -> {
          Account row =
              accounts
                  .find(account)
                  .filter(found -> ApiAccess.mayRead(caller, found.owner()))
                  .orElseThrow(
                      () ->
                          new ApiProblem(
                              HttpStatus.NOT_FOUND,
                              "unknown-account",
                              account + " does not exist"));
          long before = start == null ? Long.MAX_VALUE : start.beforeEntryId();
          long balance = start == null ? row.balance() : start.balanceAfter();
          List<HistoryLine> found = entries.findPage(account.value(), before, Limit.of(size + 1));
          List<Line> lines = new ArrayList<>(Math.min(size, found.size()));
          for (HistoryLine line : found.subList(0, Math.min(size, found.size()))) {
            lines.add(
                new Line(
                    line.entryId(),
                    line.txId().toString(),
                    line.amount(),
                    line.currency(),
                    line.postedAt(),
                    balance,
                    line.counterparty(),
                    line.reference()));
            balance = Math.subtractExact(balance, line.amount());
          }
          boolean lastPage = found.size() <= size;
          if (lastPage && balance != 0) {
            // Pair assertion: accounts open at 0 and balances move only with entries, so walking
            // back past the oldest entry must reach 0. Anything else is a broken ledger.
            throw new IllegalStateException(
                "history of "
                    + account
                    + " does not add up: "
                    + balance
                    + " left before its oldest entry (booked balance "
                    + row.balance()
                    + ")");
          }
          String next =
              lastPage
                  ? null
                  : cursors.encode(
                      account, new HistoryCursors.Cursor(lines.getLast().entryId(), balance));
          return new Page(account.value(), row.currency(), lines, next);
        });
  }
}
