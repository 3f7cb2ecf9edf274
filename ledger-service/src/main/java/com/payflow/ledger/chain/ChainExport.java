package com.payflow.ledger.chain;

import com.payflow.contracts.chain.ChainSignatures;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HexFormat;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes the chain export (docs/ledger.md): keys, then per block the header bytes, signature, batch
 * entries and every transaction leaf hash; streamed block by block so memory stays flat.
 */
@Component
class ChainExport {

  /** Export format version. */
  static final int VERSION = 1;

  private static final int BLOCKS_PER_READ = 100;
  private static final HexFormat HEX = HexFormat.of();

  private final ChainStore chain;
  private final JsonFactory json = new JsonFactory();

  ChainExport(ChainStore chain) {
    this.chain = chain;
  }

  void write(long toHeight, OutputStream out) throws IOException {
    try (JsonGenerator generator = json.createGenerator(out, JsonEncoding.UTF8)) {
      generator.writeStartObject();
      generator.writeNumberProperty("version", VERSION);
      generator.writeObjectPropertyStart("keys");
      for (var key : chain.keys().entrySet()) {
        generator.writeStringProperty(
            key.getKey(), HEX.formatHex(ChainSignatures.rawPublicKey(key.getValue())));
      }
      generator.writeEndObject();
      generator.writeArrayPropertyStart("blocks");
      for (long from = 1; from <= toHeight; from += BLOCKS_PER_READ) {
        int limit = (int) Math.min(BLOCKS_PER_READ, toHeight - from + 1);
        for (StoredBlock block : chain.blocks(from, limit)) {
          writeBlock(generator, block);
        }
        generator.flush();
      }
      generator.writeEndArray();
      generator.writeEndObject();
    }
  }

  private void writeBlock(JsonGenerator generator, StoredBlock block) {
    generator.writeStartObject();
    generator.writeNumberProperty("height", block.header().height());
    generator.writeStringProperty("header", HEX.formatHex(block.headerBytes()));
    generator.writeStringProperty("signature", HEX.formatHex(block.signature()));
    generator.writeArrayPropertyStart("batches");
    for (BlockBatch batch : chain.batchesOf(block.header().height())) {
      generator.writeStartObject();
      generator.writeStringProperty("entry", HEX.formatHex(batch.entry().encode()));
      generator.writeArrayPropertyStart("leaves");
      List<LogLeaf> leaves = chain.leaves(batch.firstLogIndex(), batch.entry().count());
      for (LogLeaf leaf : leaves) {
        generator.writeString(leaf.leafHash().hex());
      }
      generator.writeEndArray();
      generator.writeEndObject();
    }
    generator.writeEndArray();
    generator.writeEndObject();
  }
}
