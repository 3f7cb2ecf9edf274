package com.payflow.contracts.proof;

import com.payflow.contracts.merkle.Sha256Hash;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One JSON object of an input file, read strictly: a missing field or one of the wrong type fails
 * verification, and every failure names the field by its path in the file ({@code block.height},
 * {@code blocks[3].header}), so an edited file is rejected with the field that was edited.
 *
 * @param node the object
 * @param name its path in the file; empty for the document itself
 */
public record JsonInput(JsonNode node, String name) {

  private static final HexFormat HEX = HexFormat.of();

  /** The document itself. */
  public static JsonInput root(JsonNode node) throws ProofVerificationException {
    if (node == null || !node.isObject()) {
      throw new ProofVerificationException("the file is not a JSON object");
    }
    return new JsonInput(node, "");
  }

  /** Path of {@code field} in the file. */
  public String path(String field) {
    return name.isEmpty() ? field : name + "." + field;
  }

  /** Whether {@code field} is present (and not null). */
  public boolean has(String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  /** The object {@code field}. */
  public JsonInput object(String field) throws ProofVerificationException {
    JsonNode value = required(field);
    if (!value.isObject()) {
      throw new ProofVerificationException(path(field) + " must be an object");
    }
    return new JsonInput(value, path(field));
  }

  /** The objects of the array {@code field}, each named {@code field[i]}. */
  public List<JsonInput> objects(String field) throws ProofVerificationException {
    JsonNode array = required(field);
    if (!array.isArray()) {
      throw new ProofVerificationException(path(field) + " must be an array");
    }
    List<JsonInput> objects = new ArrayList<>();
    for (JsonNode element : array) {
      String elementName = path(field) + "[" + objects.size() + "]";
      if (!element.isObject()) {
        throw new ProofVerificationException(elementName + " must be an object");
      }
      objects.add(new JsonInput(element, elementName));
    }
    return objects;
  }

  /** The string {@code field}. */
  public String text(String field) throws ProofVerificationException {
    JsonNode value = required(field);
    if (!value.isString()) {
      throw new ProofVerificationException(path(field) + " must be a string");
    }
    return value.asString();
  }

  /** The non-negative integer {@code field}. */
  public long number(String field) throws ProofVerificationException {
    JsonNode value = required(field);
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
      throw new ProofVerificationException(path(field) + " must be a non-negative integer");
    }
    return value.asLong();
  }

  /** The hex bytes {@code field}. */
  public byte[] bytes(String field) throws ProofVerificationException {
    try {
      return HEX.parseHex(text(field));
    } catch (IllegalArgumentException notHex) {
      throw new ProofVerificationException(path(field) + " is not hex");
    }
  }

  /** The hex SHA-256 hash {@code field}. */
  public Sha256Hash hash(String field) throws ProofVerificationException {
    return hashOf(bytes(field), path(field));
  }

  /** The array of hex hashes {@code field} (an audit or consistency path). */
  public List<Sha256Hash> hashes(String field) throws ProofVerificationException {
    JsonNode array = required(field);
    if (!array.isArray()) {
      throw new ProofVerificationException(path(field) + " must be an array of hex hashes");
    }
    List<Sha256Hash> hashes = new ArrayList<>();
    for (JsonNode element : array) {
      String elementName = path(field) + "[" + hashes.size() + "]";
      if (!element.isString()) {
        throw new ProofVerificationException(elementName + " must be a hex hash");
      }
      try {
        hashes.add(hashOf(HEX.parseHex(element.asString()), elementName));
      } catch (IllegalArgumentException notHex) {
        throw new ProofVerificationException(elementName + " is not hex");
      }
    }
    return hashes;
  }

  /**
   * Fails unless {@code claimed}, what the file says in {@code field}, equals {@code verified},
   * what {@code source} (something signed or hashed) says: a file must never repeat a verified
   * value with another one, or a reader of the file would believe the unverified copy.
   */
  public void requireEqual(String field, Object claimed, Object verified, String source)
      throws ProofVerificationException {
    if (!Objects.equals(claimed, verified)) {
      throw new ProofVerificationException(
          path(field) + " is " + shown(claimed) + " but " + source + " says " + shown(verified));
    }
  }

  private static Object shown(Object value) {
    return value instanceof Sha256Hash hash ? hash.hex() : value;
  }

  private JsonNode required(String field) throws ProofVerificationException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new ProofVerificationException(path(field) + " is missing");
    }
    return value;
  }

  private static Sha256Hash hashOf(byte[] bytes, String what) throws ProofVerificationException {
    if (bytes.length != Sha256Hash.LENGTH) {
      throw new ProofVerificationException(what + " is not a 32-byte hash");
    }
    return new Sha256Hash(bytes);
  }
}
