package com.payflow.ledger.chain;

import com.payflow.contracts.chain.BlockHeader;
import com.payflow.contracts.merkle.Sha256Hash;
import java.util.List;

/** Everything one block writes, committed in one transaction by {@link ChainStore#append}. */
record NewBlock(
    BlockHeader header,
    byte[] headerBytes,
    Sha256Hash hash,
    byte[] signature,
    List<BlockBatch> batches,
    List<LogLeaf> leaves,
    List<LogFrontier.Node> nodes,
    long lastOffset) {}
