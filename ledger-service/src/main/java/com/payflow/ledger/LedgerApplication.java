package com.payflow.ledger;

import com.payflow.ledger.verifier.OfflineVerifier;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The ledger chain: sealed batches of every shard, in one total order. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LedgerApplication {

  /** First argument that selects the offline verifier instead of the service. */
  static final String VERIFY_COMMAND = "verify";

  /** Starts the service, or with {@code verify ...} runs the offline verifier (no Spring). */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals(VERIFY_COMMAND)) {
      OfflineVerifier.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    SpringApplication.run(LedgerApplication.class, args);
  }
}
