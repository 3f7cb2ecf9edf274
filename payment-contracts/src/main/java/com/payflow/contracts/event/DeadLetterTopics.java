package com.payflow.contracts.event;

/**
 * Names of the dead-letter side of a topic, shared by settlement (which dead-letters and replays)
 * and the operations dashboard (which counts what is dead-lettered and replayed).
 */
public final class DeadLetterTopics {

  /** Suffix of a topic's dead-letter topic. */
  public static final String SUFFIX = ".DLT";

  private static final String REPLAY_GROUP_PREFIX = "settlement-dlt-replay-";

  private DeadLetterTopics() {}

  /** The dead-letter topic of {@code source}. */
  public static String of(String source) {
    return source + SUFFIX;
  }

  /** The topic {@code deadLetterTopic} dead-letters for. */
  public static String sourceOf(String deadLetterTopic) {
    if (!deadLetterTopic.endsWith(SUFFIX) || deadLetterTopic.length() == SUFFIX.length()) {
      throw new IllegalArgumentException(
          deadLetterTopic + " is not a dead-letter topic (*" + SUFFIX + ")");
    }
    return deadLetterTopic.substring(0, deadLetterTopic.length() - SUFFIX.length());
  }

  /** The consumer group whose committed offsets record how far {@code source}'s replay got. */
  public static String replayGroup(String source) {
    return REPLAY_GROUP_PREFIX + source;
  }
}
