package com.payflow.systemtest.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Seeded generator of hostile requests for {@code POST/GET/… /api/v1/payments}. Request {@code i}
 * of seed {@code s} is always the same ({@code new Random(s * 1_000_003 + i)}), so a failure is
 * reproduced by its index.
 *
 * <p><b>Never valid, by construction.</b> Every request carries exactly one <i>certain</i> defect —
 * one that on its own makes the platform refuse the request before anything is written
 * (missing/unknown API key, missing/invalid Idempotency-Key, wrong content type, unparseable body,
 * wrong JSON type, unknown field, a field rule broken, someone else's or an unknown payer, more
 * than any balance, oversized body, wrong method, wrong path). On top it gets random <i>noise</i>
 * (duplicate and conflicting headers, duplicate JSON keys, escapes, unicode, whitespace, odd
 * request ids, query strings, chunked bodies) that may or may not be tolerated — but noise never
 * touches the slot the certain defect lives in, so it can never repair it.
 */
final class HostileRequests {

  /** One generated request. {@code headers} may repeat names (duplicates are intended). */
  record Hostile(
      int index,
      String defect,
      String method,
      String path,
      List<Map.Entry<String, String>> headers,
      byte[] body,
      boolean chunked) {

    String describe() {
      return "#"
          + index
          + " "
          + defect
          + " "
          + method
          + " "
          + path
          + " headers="
          + headers
          + " body="
          + (body == null
              ? "none"
              : body.length > 300
                  ? new String(body, 0, 300, StandardCharsets.UTF_8) + "…(" + body.length + " B)"
                  : new String(body, StandardCharsets.UTF_8));
    }
  }

  /** A client the generator may act as: id, key, the accounts it owns. */
  record Client(String id, String apiKey, List<String> accounts) {}

  static final String PATH = "/api/v1/payments";

  private final long seed;
  private final String run;
  private final List<Client> clients;
  private final List<String> allAccounts;
  private final String operatorKey;

  /** {@code run} goes into every Idempotency-Key: ids of one run never collide with another's. */
  HostileRequests(long seed, String run, List<Client> clients, String operatorKey) {
    this.seed = seed;
    this.run = run;
    this.clients = clients;
    this.operatorKey = operatorKey;
    this.allAccounts = clients.stream().flatMap(c -> c.accounts().stream()).toList();
  }

  private enum Defect {
    NO_API_KEY("apikey"),
    BAD_API_KEY("apikey"),
    OPERATOR_KEY("apikey"),
    NO_IDEMPOTENCY_KEY("idem"),
    BAD_IDEMPOTENCY_KEY("idem"),
    WRONG_CONTENT_TYPE("ctype"),
    NO_CONTENT_TYPE("ctype"),
    BAD_JSON("body"),
    NO_BODY("body"),
    OVERSIZED("body"),
    WRONG_TYPE("field"),
    UNKNOWN_FIELD("fields"),
    MISSING_FIELD("field"),
    NON_POSITIVE_AMOUNT("amount"),
    BAD_CURRENCY("amount"),
    BAD_ACCOUNT_ID("field"),
    SAME_PAYER_PAYEE("payer"),
    BAD_REFERENCE("reference"),
    NOT_OWNER("payer"),
    UNKNOWN_PAYER("payer"),
    INSUFFICIENT_FUNDS("amount"),
    WRONG_METHOD("method"),
    WRONG_PATH("path");

    final String slot;

    Defect(String slot) {
      this.slot = slot;
    }
  }

  /** Generates request {@code index}. */
  Hostile generate(int index) {
    Random r = new Random(seed * 1_000_003L + index);
    Defect defect = Defect.values()[r.nextInt(Defect.values().length)];
    Set<String> locked = new HashSet<>();
    locked.add(defect.slot);

    Client client = clients.get(r.nextInt(clients.size()));
    String apiKey = client.apiKey();
    String owned = client.accounts().get(r.nextInt(client.accounts().size()));
    String payer = owned;
    String payee = pick(r, allAccounts.stream().filter(a -> !a.equals(owned)).toList());
    String value = Long.toString(1 + r.nextInt(1000));
    String currency = "\"EUR\"";
    String reference = str(r.nextInt(4) == 0 ? unicodeText(r, 20) : "fuzz " + index);
    String method = "POST";
    String path = PATH;
    String idem = "fuzz-" + run + "-" + seed + "-" + index + "-" + Long.toHexString(r.nextLong());
    String contentType = "application/json";
    byte[] rawBody = null;
    boolean chunked = false;
    List<String[]> fields = new ArrayList<>();
    String fieldSlot = null;
    String label = defect.name();

    switch (defect) {
      case NO_API_KEY -> apiKey = null;
      case BAD_API_KEY ->
          apiKey =
              pick(
                  r,
                  List.of(
                      client.apiKey() + "x",
                      client.apiKey().toUpperCase(),
                      client.apiKey().substring(1),
                      "",
                      " ",
                      "a".repeat(129),
                      " " + client.apiKey() + "-",
                      UUID.randomUUID().toString(),
                      "Bearer " + client.apiKey(),
                      asciiNoise(r, 1 + r.nextInt(60))));
      case OPERATOR_KEY -> apiKey = operatorKey; // the operator is not a paying client
      case NO_IDEMPOTENCY_KEY -> idem = null;
      case BAD_IDEMPOTENCY_KEY ->
          idem =
              pick(
                  r,
                  List.of(
                      "",
                      " ",
                      "   ",
                      "a b",
                      "tab\there",
                      "x".repeat(256),
                      "k".repeat(1000),
                      "semi;colon space",
                      "key " + index));
      case WRONG_CONTENT_TYPE ->
          contentType =
              pick(
                  r,
                  List.of(
                      "text/plain",
                      "application/xml",
                      "text/html",
                      "application/octet-stream",
                      "application/x-www-form-urlencoded",
                      "multipart/form-data; boundary=xyz",
                      "image/png",
                      "application/jsonp",
                      "text/json",
                      "application/json-seq",
                      "json",
                      "*/*",
                      "application/*",
                      "application/problem+xml"));
      case NO_CONTENT_TYPE -> contentType = null;
      case BAD_JSON -> {
        int variant = r.nextInt(16);
        label = "BAD_JSON/" + variant;
        rawBody = badJson(r, variant, payer, payee);
      }
      case NO_BODY -> rawBody = new byte[0];
      case OVERSIZED -> {
        reference = str("r".repeat(16 * 1024 + r.nextInt(48 * 1024)));
        chunked = r.nextInt(4) == 0;
      }
      case WRONG_TYPE -> {
        int which = r.nextInt(5);
        String bad =
            pick(
                r,
                List.of(
                    "\"10\"",
                    "1.5",
                    "1e3",
                    "true",
                    "null",
                    "[1]",
                    "{}",
                    "9223372036854775808",
                    "-9223372036854775809",
                    "1" + "0".repeat(400),
                    "0x10",
                    "\"\"",
                    "10.0",
                    "NaN",
                    "Infinity"));
        switch (which) {
          case 0 -> value = bad;
          case 1 -> payer = null; // replaced below by a raw non-string
          case 2 -> payee = null;
          case 3 -> currency = pick(r, List.of("1", "true", "[\"EUR\"]", "{\"c\":\"EUR\"}"));
          default ->
              fields.add(
                  new String[] {
                    "amount", pick(r, List.of("\"12 EUR\"", "12", "[12,\"EUR\"]", "true"))
                  });
        }
        if (payer == null) {
          fields.add(
              new String[] {
                "payer",
                pick(r, List.of("1", "true", "[\"alice-main\"]", "{\"id\":\"alice-main\"}"))
              });
          fieldSlot = "payer";
        } else if (payee == null) {
          fields.add(new String[] {"payee", pick(r, List.of("1", "false", "[]", "{}"))});
          fieldSlot = "payee";
        } else {
          fieldSlot = "amount";
        }
      }
      case UNKNOWN_FIELD ->
          fields.add(
              new String[] {
                pick(
                    r,
                    List.of(
                        "fee",
                        "ammount",
                        "Payer",
                        "PAYEE",
                        "__proto__",
                        "constructor",
                        "status",
                        "transactionId",
                        "owner",
                        "txId",
                        "client",
                        unicodeText(r, 6),
                        "")),
                pick(r, List.of("3", "\"x\"", "null", "{}", "[]", "true"))
              });
      case MISSING_FIELD ->
          fieldSlot = pick(r, List.of("payer", "payee", "amount", "value", "currency"));
      case NON_POSITIVE_AMOUNT ->
          value =
              pick(
                  r,
                  List.of(
                      "0",
                      "-1",
                      "-0",
                      "-100",
                      Long.toString(Long.MIN_VALUE),
                      Long.toString(-1 - r.nextInt(Integer.MAX_VALUE))));
      case BAD_CURRENCY ->
          currency =
              pick(
                  r,
                  List.of(
                      "\"eur\"",
                      "\"EU\"",
                      "\"EURO\"",
                      "\"XYZ\"",
                      "\"€\"",
                      "\"\"",
                      "null",
                      "\" EUR\"",
                      "\"EUR\\u0000\"",
                      "\"USD\"",
                      "\"XXX\"",
                      "\"JPY\"",
                      "\"E\\u0055R\\t\""));
      case BAD_ACCOUNT_ID -> {
        String bad =
            pick(
                r,
                List.of(
                    "",
                    " ",
                    "a".repeat(65),
                    "alice main",
                    "alice-main\n",
                    "{acct:alice-main}",
                    "alice-main}:bal",
                    "../alice-main",
                    "alice/main",
                    "alice-main\u0000",
                    "ålice-main",
                    "alice-maın",
                    "\u202ealice-main",
                    "@clearing:EUR",
                    "alice-main;",
                    "*",
                    "alice-main\\",
                    "'; DROP TABLE accounts; --",
                    "%61lice",
                    unicodeText(r, 1 + r.nextInt(30)),
                    controlText(r, 1 + r.nextInt(10))));
        if (r.nextBoolean()) {
          payer = bad;
          fieldSlot = "payer";
        } else {
          payee = bad;
          fieldSlot = "payee";
        }
      }
      case SAME_PAYER_PAYEE -> {
        payee = payer;
        locked.add("payee");
      }
      case BAD_REFERENCE ->
          reference =
              r.nextBoolean()
                  ? str("x".repeat(141 + r.nextInt(400)))
                  : str("ref" + controlText(r, 1 + r.nextInt(5)) + "x");
      case NOT_OWNER -> {
        List<String> foreign =
            new ArrayList<>(
                allAccounts.stream().filter(a -> !client.accounts().contains(a)).toList());
        foreign.add("funding:EUR");
        payer = pick(r, foreign);
        payee = pick(r, client.accounts());
        locked.add("apikey");
        locked.add("payee");
      }
      case UNKNOWN_PAYER -> payer = "fuzz-nobody-" + Long.toHexString(r.nextLong() >>> 8);
      case INSUFFICIENT_FUNDS -> {
        // Above any balance the platform can hold (10^12 per bench account, 10^6 per demo).
        value = Long.toString(9_000_000_000_000_000_000L + (r.nextLong() >>> 12));
        locked.add("payer");
        locked.add("apikey");
      }
      case WRONG_METHOD ->
          method =
              pick(
                  r,
                  List.of(
                      "GET",
                      "PUT",
                      "DELETE",
                      "PATCH",
                      "HEAD",
                      "OPTIONS",
                      "TRACE",
                      "CONNECT",
                      "PROPFIND",
                      "FOO"));
      case WRONG_PATH ->
          path =
              PATH
                  + "/"
                  + pick(
                      r,
                      List.of(
                          UUID.randomUUID().toString(),
                          "x",
                          "submit",
                          "..%2F",
                          "%2e%2e",
                          "%00",
                          "%ZZ",
                          "%C3%A9",
                          "%E2%80%AE",
                          "a/b/c",
                          pathNoise(r),
                          "-1",
                          "9223372036854775808",
                          "%7B%7D",
                          "%252F"));
      default -> throw new IllegalStateException();
    }

    // ---- noise: never touches a locked slot ----
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    List<String[]> noiseFields = new ArrayList<>();
    int noise = r.nextInt(4);
    for (int n = 0; n < noise; n++) {
      switch (r.nextInt(9)) {
        case 0 ->
            headers.add(
                Map.entry(
                    "X-Request-Id",
                    pick(
                        r,
                        List.of(
                            asciiNoise(r, 200),
                            "a b",
                            "fuzz-" + index,
                            "",
                            "%0d%0aSet-Cookie:x"))));
        case 1 ->
            headers.add(
                Map.entry(
                    pick(
                        r,
                        List.of(
                            "X-Forwarded-For",
                            "X-Real-IP",
                            "X-HTTP-Method-Override",
                            "Accept",
                            "Origin",
                            "X-Client-Id",
                            "Forwarded",
                            "X-Original-URL",
                            "X-Rewrite-URL",
                            "Cookie")),
                    asciiNoise(r, 1 + r.nextInt(40))));
        case 2 -> {
          if (!locked.contains("apikey") && apiKey != null) {
            headers.add(
                Map.entry("X-Api-Key", r.nextBoolean() ? apiKey : pick(r, clients).apiKey()));
          }
        }
        case 3 -> {
          if (!locked.contains("idem") && idem != null) {
            headers.add(Map.entry("Idempotency-Key", r.nextBoolean() ? idem : idem + "-2"));
          }
        }
        case 4 -> {
          if (!locked.contains("ctype") && contentType != null) {
            contentType =
                pick(
                    r,
                    List.of(
                        "application/json; charset=utf-8",
                        "APPLICATION/JSON",
                        "application/json;charset=UTF-8",
                        "application/json "));
          }
        }
        case 5 -> noiseFields.add(new String[] {"reference", str(unicodeText(r, 10))});
        case 6 -> {
          if (!locked.contains("path") && !locked.contains("method")) {
            path =
                path
                    + pick(
                        r,
                        List.of(
                            "?x=1",
                            "?payer=bob-main",
                            "?amount=-1",
                            "?" + asciiNoise(r, 8).replaceAll("[^A-Za-z0-9]", "a") + "=1"));
          }
        }
        case 7 -> chunked = chunked || !"GET".equals(method) && !"HEAD".equals(method);
        default -> headers.add(Map.entry("X-Fuzz", Integer.toString(index)));
      }
    }

    if (!locked.contains("apikey") && r.nextInt(20) == 0) {
      headers.add(Map.entry("X-Api-Key", asciiNoise(r, 20))); // conflicting duplicate
    }
    if (apiKey != null) {
      headers.add(0, Map.entry("X-Api-Key", apiKey));
    }
    if (idem != null) {
      headers.add(Map.entry("Idempotency-Key", idem));
    }
    if (contentType != null) {
      headers.add(Map.entry("Content-Type", contentType));
    }

    byte[] body = rawBody;
    if (body == null) {
      StringBuilder json = new StringBuilder("{");
      boolean omitPayer = "payer".equals(fieldSlot) && defect == Defect.MISSING_FIELD;
      boolean omitPayee = "payee".equals(fieldSlot) && defect == Defect.MISSING_FIELD;
      boolean omitAmount = "amount".equals(fieldSlot) && defect == Defect.MISSING_FIELD;
      boolean rawPayer = defect == Defect.WRONG_TYPE && "payer".equals(fieldSlot);
      boolean rawPayee = defect == Defect.WRONG_TYPE && "payee".equals(fieldSlot);
      boolean rawAmount =
          defect == Defect.WRONG_TYPE
              && "amount".equals(fieldSlot)
              && fields.stream().anyMatch(f -> f[0].equals("amount"));
      List<String[]> members = new ArrayList<>();
      if (!omitPayer && !rawPayer) {
        members.add(new String[] {"payer", str(payer)});
      }
      if (!omitPayee && !rawPayee) {
        members.add(new String[] {"payee", str(payee)});
      }
      if (!omitAmount && !rawAmount) {
        StringBuilder amount = new StringBuilder("{");
        if (!("value".equals(fieldSlot) && defect == Defect.MISSING_FIELD)) {
          amount.append("\"value\":").append(value);
        }
        if (!("currency".equals(fieldSlot) && defect == Defect.MISSING_FIELD)) {
          amount.append(amount.length() > 1 ? "," : "").append("\"currency\":").append(currency);
        }
        members.add(new String[] {"amount", amount.append('}').toString()});
      }
      members.add(new String[] {"reference", reference});
      members.addAll(fields);
      // Duplicate keys (Jackson keeps the last): only for unlocked fields, and the original
      // value always comes last, so the duplicate can never repair the certain defect.
      for (String[] extra : noiseFields) {
        if (!locked.contains(extra[0]) && !"field".equals(defect.slot)) {
          members.add(0, extra);
        }
      }
      if (r.nextInt(6) == 0 && !members.isEmpty()) {
        String[] copy = members.get(r.nextInt(members.size()));
        members.add(0, copy.clone());
      }
      if (r.nextInt(10) == 0) {
        java.util.Collections.shuffle(members, r);
      }
      for (String[] member : members) {
        json.append(json.length() > 1 ? "," : "")
            .append(r.nextInt(20) == 0 ? "\n " : "")
            .append(str(member[0]))
            .append(':')
            .append(member[1]);
      }
      json.append('}');
      body = json.toString().getBytes(StandardCharsets.UTF_8);
      if ("GET".equals(method)
          || "HEAD".equals(method)
          || "TRACE".equals(method)
          || "OPTIONS".equals(method) && r.nextBoolean()) {
        body = null;
      }
    }
    if (headers.stream().anyMatch(h -> h.getKey().equals("Accept"))) {
      label += "+Accept";
    }
    return new Hostile(index, label, method, path, headers, body, chunked);
  }

  private static byte[] badJson(Random r, int variant, String payer, String payee) {
    // The template itself is refused (value 0): a parser that tolerates a variant still
    // answers 422, which the report shows as a lenient variant.
    String valid =
        "{\"payer\":\""
            + payer
            + "\",\"payee\":\""
            + payee
            + "\",\"amount\":{\"value\":0,\"currency\":\"EUR\"}}";
    return switch (variant) {
      case 0 -> valid.substring(0, r.nextInt(valid.length() - 1)).getBytes(StandardCharsets.UTF_8);
      case 1 -> randomBytes(r, 1 + r.nextInt(2000));
      case 2 -> asciiNoise(r, 1 + r.nextInt(500)).getBytes(StandardCharsets.UTF_8);
      case 3 ->
          pick(r, List.of("null", "[]", "\"x\"", "1", "true", "{}", "[{}]"))
              .getBytes(StandardCharsets.UTF_8);
      case 4 -> ("[".repeat(2000 + r.nextInt(3000))).getBytes(StandardCharsets.UTF_8);
      case 5 -> ("{\"a\":".repeat(1000) + "1" + "}".repeat(1000)).getBytes(StandardCharsets.UTF_8);
      case 6 -> valid.replace("\"", "'").getBytes(StandardCharsets.UTF_8);
      case 7 -> ("/*c*/" + valid).getBytes(StandardCharsets.UTF_8);
      case 8 -> valid.replace("\"payer\"", "payer").getBytes(StandardCharsets.UTF_8);
      case 9 -> valid.replace(":0,", ":NaN,").getBytes(StandardCharsets.UTF_8);
      case 10 -> valid.replace(payer, payer + "\u0001\n").getBytes(StandardCharsets.UTF_8);
      case 11 -> valid.getBytes(StandardCharsets.UTF_16);
      case 12 -> {
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        bytes[r.nextInt(bytes.length)] = (byte) (0x80 + r.nextInt(0x40)); // invalid UTF-8
        yield bytes;
      }
      case 13 -> valid.replace("}}", "},}").getBytes(StandardCharsets.UTF_8);
      case 14 ->
          valid.replace(":0,", ":-" + "9".repeat(2000) + ",").getBytes(StandardCharsets.UTF_8);
      default -> valid.replace(",\"payee\"", " \"payee\"").getBytes(StandardCharsets.UTF_8);
    };
  }

  /** A JSON string literal (valid escaping) of {@code text}. */
  static String str(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static <T> T pick(Random r, List<T> options) {
    return options.get(r.nextInt(options.size()));
  }

  private static String unicodeText(Random r, int length) {
    StringBuilder out = new StringBuilder();
    int[] ranges = {0x00a0, 0x0400, 0x0600, 0x2000, 0x3040, 0x4e00, 0xfe00, 0x1f600};
    for (int i = 0; i < length; i++) {
      int base = ranges[r.nextInt(ranges.length)];
      out.appendCodePoint(base + r.nextInt(0x60));
    }
    return out.toString();
  }

  private static String controlText(Random r, int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(r.nextBoolean() ? (char) r.nextInt(0x20) : (char) (0x7f + r.nextInt(0x21)));
    }
    return out.toString();
  }

  /** Printable ASCII only (what an HTTP header value may carry). */
  private static String asciiNoise(Random r, int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append((char) (0x21 + r.nextInt(0x5e)));
    }
    return out.toString();
  }

  private static String pathNoise(Random r) {
    StringBuilder out = new StringBuilder();
    String safe = "abcdefghijklmnopqrstuvwxyz0123456789-._~";
    for (int i = 0, n = 1 + r.nextInt(30); i < n; i++) {
      out.append(
          r.nextInt(5) == 0
              ? String.format("%%%02X", r.nextInt(256))
              : String.valueOf(safe.charAt(r.nextInt(safe.length()))));
    }
    return out.toString();
  }

  private static byte[] randomBytes(Random r, int length) {
    byte[] bytes = new byte[length];
    r.nextBytes(bytes);
    return bytes;
  }
}
