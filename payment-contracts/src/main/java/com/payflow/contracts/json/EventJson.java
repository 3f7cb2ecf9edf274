package com.payflow.contracts.json;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping every service uses for events, so writers and readers agree. Unknown
 * properties are ignored on read: a newer producer may add fields, an older consumer still works.
 * An absent boolean flag reads as {@code false}: a flag added to an event (such as {@code
 * PaymentOutcome.resubmission}) must not make the records an older producer wrote, still on the
 * topic, unreadable. Other absent primitives still fail the read.
 */
public final class EventJson {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .withConfigOverride(
              Boolean.TYPE,
              flag -> flag.setNullHandling(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY)))
          .build();

  private EventJson() {}

  /** Serialises an event record. */
  public static byte[] write(Object event) {
    return MAPPER.writeValueAsBytes(event);
  }

  /** Deserialises an event record; throws on malformed input. */
  public static <T> T read(byte[] json, Class<T> type) {
    return MAPPER.readValue(json, type);
  }
}
