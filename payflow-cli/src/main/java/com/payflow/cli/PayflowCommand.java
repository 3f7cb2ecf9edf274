package com.payflow.cli;

import com.payflow.client.Balance;
import com.payflow.client.HistoryEntry;
import com.payflow.client.PayflowClient;
import com.payflow.client.PayflowException;
import com.payflow.client.PaymentRequest;
import com.payflow.client.PaymentState;
import com.payflow.client.Receipt;
import com.payflow.client.SubmitResult;
import com.payflow.contracts.account.AccountId;
import com.payflow.contracts.chain.ChainSignatures;
import com.payflow.contracts.chain.LedgerKeyFile;
import com.payflow.contracts.payment.TxId;
import com.payflow.contracts.proof.ProofVerificationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code payflow}: pay, status, receipt, balance, history (README "From the command line"). */
@Command(
    name = "payflow",
    mixinStandardHelpOptions = true,
    version = "payflow 0.1",
    description = "payflow from the command line; exit codes say what happened to the money.",
    subcommands = {
      PayflowCommand.Pay.class,
      PayflowCommand.Status.class,
      PayflowCommand.ReceiptCommand.class,
      PayflowCommand.BalanceCommand.class,
      PayflowCommand.History.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:settled / verified / done",
      "1:no answer or an unexpected one",
      "2:usage",
      "3:refused (will not settle)",
      "4:rejected by settlement (nothing moved)",
      "5:outcome unknown: repeat with the same --key",
      "6:accepted, not decided within --wait",
      "7:receipt did not verify"
    })
public final class PayflowCommand {

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs one command line; returns the exit code (tests call this). */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine line = new CommandLine(new PayflowCommand());
    line.setOut(out);
    line.setErr(err);
    line.setExecutionExceptionHandler(
        (failure, command, parsed) -> {
          err.println("payflow: " + failure.getMessage());
          return failure instanceof IllegalArgumentException
              ? ExitCode.USAGE.code
              : ExitCode.ERROR.code;
        });
    return line.execute(args);
  }

  /** Shared: the exit code of a decided or pending payment. */
  static ExitCode report(Output output, PaymentState state) {
    return switch (state) {
      case PaymentState.Settled settled ->
          output.say("state", "SETTLED", "settled " + settled.txId()).done(ExitCode.OK);
      case PaymentState.Rejected rejected ->
          output
              .say("state", "REJECTED", "rejected " + rejected.txId() + ": " + rejected.reason())
              .field("reason", rejected.reason())
              .done(ExitCode.REJECTED);
      case PaymentState.Pending pending ->
          output
              .say("state", pending.status(), "not decided yet (" + pending.status() + ")")
              .done(ExitCode.PENDING);
    };
  }

  @Command(
      name = "pay",
      description = "Pay, wait for the decision. Repeat with the same --key after exit code 5.")
  static final class Pay implements Callable<Integer> {
    @Mixin Connection connection;
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "payer account (yours)")
    String payer;

    @Parameters(index = "1", description = "payee account")
    String payee;

    @Parameters(index = "2", description = "amount in major units, e.g. 12.50")
    String amount;

    @Parameters(index = "3", description = "ISO 4217 currency, e.g. EUR")
    String currency;

    @Option(names = "--ref", defaultValue = "", description = "reference (≤ 140 characters)")
    String reference;

    @Option(
        names = "--key",
        description = "Idempotency-Key (default: a new one, printed so the payment can be resumed)")
    String key;

    @Option(
        names = "--wait",
        defaultValue = "30",
        description = "seconds to wait for SETTLED/REJECTED (0: do not wait; default 30)")
    long waitSeconds;

    @Override
    public Integer call() {
      PaymentRequest request =
          new PaymentRequest(
              AccountId.of(payer),
              AccountId.of(payee),
              AmountParser.parse(amount, currency),
              reference);
      String idempotencyKey = key != null ? key : UUID.randomUUID().toString();
      PayflowClient client = connection.client();
      Output output = new Output(spec.commandLine().getOut(), connection.json);
      output.field("key", idempotencyKey);
      SubmitResult result = client.submit(request, idempotencyKey);
      return switch (result) {
        case SubmitResult.Refused refused ->
            output
                .say("result", "REFUSED", "refused: " + refused.problem())
                .field("problem", refused.problem().kind().slug())
                .field("detail", refused.problem().detail())
                .done(ExitCode.REFUSED)
                .code;
        case SubmitResult.OutcomeUnknown unknown ->
            output
                .say(
                    "result",
                    "OUTCOME_UNKNOWN",
                    "outcome unknown ("
                        + unknown.lastAnswer()
                        + "); repeat with --key "
                        + idempotencyKey)
                .done(ExitCode.OUTCOME_UNKNOWN)
                .code;
        case SubmitResult.Accepted accepted -> {
          output
              .say(
                  "result",
                  "ACCEPTED",
                  "accepted " + accepted.txId() + " (key " + idempotencyKey + ")")
              .field("transactionId", accepted.txId().toString());
          if (waitSeconds <= 0) {
            yield output.done(ExitCode.PENDING).code;
          }
          yield report(output, client.await(accepted.txId(), Duration.ofSeconds(waitSeconds))).code;
        }
      };
    }
  }

  @Command(name = "status", description = "A payment's state.")
  static final class Status implements Callable<Integer> {
    @Mixin Connection connection;
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "transaction id")
    String txId;

    @Override
    public Integer call() {
      Output output = new Output(spec.commandLine().getOut(), connection.json);
      output.field("transactionId", txId);
      return report(output, connection.client().status(TxId.parse(txId))).code;
    }
  }

  @Command(
      name = "receipt",
      description =
          "Fetch the payment's proof and verify it offline against a pinned ledger key: the"
              + " payment is in the signed, append-only log.")
  static final class ReceiptCommand implements Callable<Integer> {
    @Mixin Connection connection;
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "transaction id")
    String txId;

    @Option(
        names = "--ledger-key",
        description =
            "pinned ledger public key: 64 hex digits, base64 or @file (repeatable; default: the"
                + " public key in the run folder's ledger-signing.key)")
    List<String> ledgerKeys = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
      Output output = new Output(spec.commandLine().getOut(), connection.json);
      output.field("transactionId", txId);
      try {
        Receipt receipt = connection.client().receipt(TxId.parse(txId), pinnedKeys());
        return output
            .say("verified", true, "verified: " + txId)
            .say("blockHeight", receipt.blockHeight(), "  in block " + receipt.blockHeight())
            .say("logIndex", receipt.logIndex(), "  at log index " + receipt.logIndex())
            .say(
                "headHeight",
                receipt.headHeight(),
                "  under the signed head at height " + receipt.headHeight())
            .done(ExitCode.OK)
            .code;
      } catch (ProofVerificationException notVerified) {
        return output
            .say("verified", false, "NOT verified: " + notVerified.getMessage())
            .done(ExitCode.NOT_VERIFIED)
            .code;
      } catch (PayflowException noProof) {
        return output
            .say("verified", false, "no proof: " + noProof.getMessage())
            .done(ExitCode.PENDING)
            .code;
      }
    }

    private Map<String, PublicKey> pinnedKeys() throws IOException {
      List<PublicKey> pinned = new ArrayList<>();
      for (String key : ledgerKeys) {
        pinned.add(
            ChainSignatures.publicKeyFromText(
                key.startsWith("@") ? Files.readString(Path.of(key.substring(1))) : key));
      }
      if (pinned.isEmpty()) {
        pinned.add(LedgerKeyFile.publicKey(Connection.runFolder().resolve("ledger-signing.key")));
      }
      Map<String, PublicKey> keys = new LinkedHashMap<>();
      pinned.forEach(key -> keys.put(ChainSignatures.keyId(key), key));
      return keys;
    }
  }

  @Command(name = "balance", description = "Booked and available balance of an account.")
  static final class BalanceCommand implements Callable<Integer> {
    @Mixin Connection connection;
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "account id")
    String account;

    @Override
    public Integer call() {
      Output output = new Output(spec.commandLine().getOut(), connection.json);
      Balance balance = connection.client().balance(AccountId.of(account));
      output
          .say("account", account, account + " (" + balance.status() + ")")
          .say(
              "booked",
              balance.booked(),
              "  booked     " + AmountParser.format(balance.booked(), balance.currency()))
          .field("currency", balance.currency().getCurrencyCode());
      if (balance.available() != null) {
        output.say(
            "available",
            balance.available(),
            "  available  " + AmountParser.format(balance.available(), balance.currency()));
      }
      return output.done(ExitCode.OK).code;
    }
  }

  @Command(name = "history", description = "An account's postings, newest first.")
  static final class History implements Callable<Integer> {
    @Mixin Connection connection;
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "account id")
    String account;

    @Option(names = "--limit", defaultValue = "20", description = "how many (default 20)")
    int limit;

    @Override
    public Integer call() {
      if (limit < 1) {
        throw new IllegalArgumentException("--limit must be positive");
      }
      Output output = new Output(spec.commandLine().getOut(), connection.json);
      List<Map<String, Object>> lines = new ArrayList<>();
      int pageSize = Math.min(limit, PayflowClient.MAX_HISTORY_PAGE);
      for (HistoryEntry entry : connection.client().history(AccountId.of(account), pageSize)) {
        if (lines.size() >= limit) {
          break;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("transactionId", entry.transactionId());
        line.put("amount", entry.amount());
        line.put("balanceAfter", entry.balanceAfter());
        line.put("counterparty", entry.counterparty());
        line.put("reference", entry.reference());
        lines.add(line);
        output.line(
            String.format(
                "%-36s %14s  → %14s  %s %s",
                entry.transactionId(),
                AmountParser.format(entry.amount(), entry.currency()),
                AmountParser.format(entry.balanceAfter(), entry.currency()),
                entry.counterparty() == null ? "" : entry.counterparty(),
                entry.reference() == null ? "" : entry.reference()));
      }
      return output.field("entries", lines).done(ExitCode.OK).code;
    }
  }
}
