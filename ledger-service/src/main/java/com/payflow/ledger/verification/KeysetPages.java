package com.payflow.ledger.verification;

import java.util.List;

/**
 * Rows in key order, read a page at a time (keyset: each page starts after the last row of the
 * previous one), so a stream of any length holds one page. {@link #peek} and {@link #next} let a
 * merge look at the head before taking it.
 */
final class KeysetPages<T> {

  /** Reads the page after {@code last} (null: the first page), at most the page size. */
  @FunctionalInterface
  interface PageReader<T> {
    List<T> after(T last);
  }

  private final PageReader<T> reader;
  private final int pageSize;
  private List<T> page = List.of();
  private int position;
  private boolean exhausted;

  KeysetPages(PageReader<T> reader, int pageSize) {
    this.reader = reader;
    this.pageSize = pageSize;
  }

  /** The next row without taking it; null when there is none. */
  T peek() {
    if (position == page.size()) {
      if (exhausted) {
        return null;
      }
      T last = page.isEmpty() ? null : page.getLast();
      page = reader.after(last);
      position = 0;
      // A short page is the last one: no query just to learn that nothing follows.
      exhausted = page.size() < pageSize;
      if (page.isEmpty()) {
        return null;
      }
    }
    return page.get(position);
  }

  /** Takes the next row; null when there is none. */
  T next() {
    T row = peek();
    if (row != null) {
      position++;
    }
    return row;
  }
}
