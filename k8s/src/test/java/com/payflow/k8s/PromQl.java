package com.payflow.k8s;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small PromQL checker for the alert rules and the Grafana dashboard (promtool is not available
 * offline): tokenizes an expression, checks that brackets pair up, strings close, every function
 * and aggregation is a PromQL one, range selectors hold durations, operands and operators
 * alternate, and returns the metric names the expression selects. Grafana's {@code $variables} are
 * accepted where Grafana substitutes them (in strings and ranges). Not a full grammar: it rejects
 * the mistakes an edit makes (a lost bracket, a misspelt function, a missing operator), the metric
 * names are what matters most.
 */
final class PromQl {

  static final Set<String> AGGREGATIONS =
      Set.of(
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "limitk",
          "limit_ratio");

  static final Set<String> FUNCTIONS =
      Set.of(
          "abs",
          "absent",
          "absent_over_time",
          "ceil",
          "changes",
          "clamp",
          "clamp_max",
          "clamp_min",
          "day_of_month",
          "day_of_week",
          "day_of_year",
          "days_in_month",
          "delta",
          "deriv",
          "exp",
          "floor",
          "histogram_avg",
          "histogram_count",
          "histogram_fraction",
          "histogram_quantile",
          "histogram_stddev",
          "histogram_stdvar",
          "histogram_sum",
          "holt_winters",
          "double_exponential_smoothing",
          "hour",
          "idelta",
          "increase",
          "irate",
          "label_join",
          "label_replace",
          "ln",
          "log2",
          "log10",
          "minute",
          "month",
          "predict_linear",
          "rate",
          "resets",
          "round",
          "scalar",
          "sgn",
          "sort",
          "sort_desc",
          "sort_by_label",
          "sort_by_label_desc",
          "sqrt",
          "time",
          "timestamp",
          "vector",
          "year",
          "avg_over_time",
          "min_over_time",
          "max_over_time",
          "sum_over_time",
          "count_over_time",
          "quantile_over_time",
          "stddev_over_time",
          "stdvar_over_time",
          "last_over_time",
          "present_over_time",
          "mad_over_time",
          "acos",
          "acosh",
          "asin",
          "asinh",
          "atan",
          "atanh",
          "cos",
          "cosh",
          "sin",
          "sinh",
          "tan",
          "tanh",
          "deg",
          "pi",
          "rad");

  /** Followed by a parenthesised list of label names. */
  static final Set<String> GROUPING =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  static final Set<String> BINARY_KEYWORDS = Set.of("and", "or", "unless");

  static final Set<String> BINARY_OPERATORS =
      Set.of("+", "-", "*", "/", "%", "^", "==", "!=", "<=", ">=", "<", ">");

  private static final Pattern TOKEN =
      Pattern.compile(
          "\\s*(?:(?<str>\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`)"
              + "|(?<num>0x[0-9a-fA-F]+|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)"
              + "|(?<var>\\$\\{?[A-Za-z_][A-Za-z0-9_]*\\}?)"
              + "|(?<id>[A-Za-z_:][A-Za-z0-9_:]*)"
              + "|(?<op>==|!=|<=|>=|=~|!~|[-+*/%^<>=,(){}\\[\\]@]))");

  private static final Pattern RANGE =
      Pattern.compile(
          "(?:\\d+(?:ms|[smhdwy])|\\$\\{?[A-Za-z_][A-Za-z0-9_]*\\}?)+"
              + "(?::(?:\\d+(?:ms|[smhdwy]))*)?");

  private static final Pattern DURATION = Pattern.compile("(?:\\d+(?:ms|[smhdwy]))+");

  private record Token(String kind, String text) {}

  private PromQl() {}

  /** Metric names the expression selects; throws IllegalArgumentException naming the fault. */
  static Set<String> metrics(String expr) {
    List<Token> tokens = tokenize(expr);
    Set<String> metrics = new TreeSet<>();
    Deque<String> open = new ArrayDeque<>();
    boolean expectOperand = true;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
      switch (t.kind) {
        case "str", "num" -> {
          requireOperand(expectOperand, t, expr);
          expectOperand = false;
        }
        case "var" -> throw bad(expr, "Grafana variable " + t.text + " outside a string or range");
        case "id" -> {
          String id = t.text;
          if (GROUPING.contains(id)) {
            String prev = i > 0 ? tokens.get(i - 1).text : "";
            boolean ok =
                id.equals("by") || id.equals("without")
                    // "sum by (x) (…)" before the argument, "sum(…) by (x)" after it
                    ? !expectOperand || AGGREGATIONS.contains(prev)
                    // "a / on (x) group_left b": right after a binary operator
                    : expectOperand && !prev.equals("(") && !prev.equals(",") && i > 0;
            if (!ok) {
              throw bad(expr, "'" + id + "' out of place");
            }
            i = skipLabelList(tokens, i + 1, expr, id);
            continue;
          }
          if (BINARY_KEYWORDS.contains(id)) {
            requireOperator(expectOperand, t, expr);
            expectOperand = true;
            continue;
          }
          if (id.equals("bool")) {
            if (!expectOperand || i == 0 || !BINARY_OPERATORS.contains(tokens.get(i - 1).text)) {
              throw bad(expr, "'bool' not after a comparison");
            }
            continue;
          }
          if (id.equals("offset")) {
            requireOperator(expectOperand, t, expr);
            if (next == null || !DURATION.matcher(next.text).matches()) {
              throw bad(expr, "offset without a duration");
            }
            i++;
            continue;
          }
          requireOperand(expectOperand, t, expr);
          if (id.equalsIgnoreCase("inf") || id.equalsIgnoreCase("nan")) {
            expectOperand = false;
            continue;
          }
          boolean call = next != null && next.text.equals("(");
          boolean grouped = next != null && GROUPING.contains(next.text);
          if (call || grouped) {
            if (!AGGREGATIONS.contains(id) && !FUNCTIONS.contains(id)) {
              throw bad(expr, "unknown function " + id);
            }
            if (grouped && !AGGREGATIONS.contains(id)) {
              throw bad(expr, next.text + " after " + id + ", which is not an aggregation");
            }
            continue; // the "(" (after an optional "by (…)") opens its arguments
          }
          metrics.add(id);
          if (next != null && next.text.equals("{")) {
            i = skipMatchers(tokens, i + 1, expr);
          }
          expectOperand = false;
        }
        default -> {
          switch (t.text) {
            case "(" -> {
              // the argument list of a call, or grouping: an operand follows either way
              requireOperand(expectOperand, t, expr);
              open.push("(");
              expectOperand = true;
              if (next != null && next.text.equals(")")) {
                Token prev = i > 0 ? tokens.get(i - 1) : null;
                if (prev == null || !FUNCTIONS.contains(prev.text)) {
                  throw bad(expr, "empty parentheses");
                }
                i++;
                open.pop();
                expectOperand = false;
              }
            }
            case ")" -> {
              if (open.isEmpty() || !open.pop().equals("(")) {
                throw bad(expr, "')' without its '('");
              }
              if (expectOperand) {
                throw bad(expr, "')' where an operand is expected");
              }
            }
            case "," -> {
              if (open.isEmpty() || expectOperand) {
                throw bad(expr, "',' outside an argument list");
              }
              expectOperand = true;
            }
            case "{" -> {
              requireOperand(expectOperand, t, expr); // {__name__=…} alone
              i = skipMatchers(tokens, i, expr);
              expectOperand = false;
            }
            case "[" -> {
              if (expectOperand) {
                throw bad(expr, "'[' where an operand is expected");
              }
              StringBuilder range = new StringBuilder();
              int j = i + 1;
              for (; j < tokens.size() && !tokens.get(j).text.equals("]"); j++) {
                range.append(tokens.get(j).text);
              }
              if (j == tokens.size()) {
                throw bad(expr, "'[' never closed");
              }
              if (!RANGE.matcher(range).matches()) {
                throw bad(expr, "range [" + range + "] is not a duration");
              }
              i = j;
            }
            case "]", "}" -> throw bad(expr, "'" + t.text + "' without its opening bracket");
            case "-", "+" -> {
              if (!expectOperand) {
                expectOperand = true; // binary
              } // else unary: still an operand to come
            }
            case "@" -> {
              requireOperator(expectOperand, t, expr);
              expectOperand = true;
            }
            default -> {
              if (!BINARY_OPERATORS.contains(t.text)) {
                throw bad(expr, "unexpected '" + t.text + "'");
              }
              requireOperator(expectOperand, t, expr);
              expectOperand = true;
            }
          }
        }
      }
    }
    if (!open.isEmpty()) {
      throw bad(expr, open.size() + " '(' never closed");
    }
    if (expectOperand) {
      throw bad(expr, "ends where an operand is expected");
    }
    if (metrics.isEmpty() && !expr.contains("time()") && !expr.contains("vector(")) {
      throw bad(expr, "selects no metric");
    }
    return metrics;
  }

  private static List<Token> tokenize(String expr) {
    List<Token> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(expr);
    int at = 0;
    while (at < expr.length()) {
      if (expr.substring(at).isBlank()) {
        break;
      }
      if (!m.find(at) || m.start() != at) {
        throw bad(expr, "cannot read from: " + expr.substring(at).strip());
      }
      for (String kind : List.of("str", "num", "var", "id", "op")) {
        if (m.group(kind) != null) {
          tokens.add(new Token(kind, m.group(kind)));
          break;
        }
      }
      at = m.end();
    }
    // durations such as 10m lex as a number followed by an identifier: join them
    List<Token> joined = new ArrayList<>();
    for (Token t : tokens) {
      Token prev = joined.isEmpty() ? null : joined.getLast();
      if (t.kind.equals("id")
          && prev != null
          && prev.kind.equals("num")
          && DURATION.matcher(prev.text + t.text).matches()) {
        joined.set(joined.size() - 1, new Token("dur", prev.text + t.text));
      } else {
        joined.add(t);
      }
    }
    return joined;
  }

  /** At the "(" after by/without/on/…: label names separated by commas; index of the ")". */
  private static int skipLabelList(List<Token> tokens, int i, String expr, String keyword) {
    if (i >= tokens.size() || !tokens.get(i).text.equals("(")) {
      if (keyword.startsWith("group_")) {
        return i - 1; // group_left without a label list
      }
      throw bad(expr, keyword + " without a label list");
    }
    boolean expectLabel = true;
    for (int j = i + 1; j < tokens.size(); j++) {
      Token t = tokens.get(j);
      if (t.text.equals(")")) {
        return j;
      }
      if (expectLabel ? !t.kind.equals("id") : !t.text.equals(",")) {
        throw bad(expr, "'" + t.text + "' in the label list of " + keyword);
      }
      expectLabel = !expectLabel;
    }
    throw bad(expr, "label list of " + keyword + " never closed");
  }

  /** At "{": label matchers name op "value" separated by commas; index of the "}". */
  private static int skipMatchers(List<Token> tokens, int i, String expr) {
    int state = 0; // 0 name, 1 operator, 2 value, 3 comma or end
    for (int j = i + 1; j < tokens.size(); j++) {
      Token t = tokens.get(j);
      if (t.text.equals("}") && (state == 0 || state == 3)) {
        return j;
      }
      boolean ok =
          switch (state) {
            case 0 -> t.kind.equals("id");
            case 1 -> Set.of("=", "!=", "=~", "!~").contains(t.text);
            case 2 -> t.kind.equals("str");
            default -> t.text.equals(",");
          };
      if (!ok) {
        throw bad(expr, "'" + t.text + "' in a label matcher");
      }
      state = (state + 1) % 4;
    }
    throw bad(expr, "'{' never closed");
  }

  private static void requireOperand(boolean expectOperand, Token t, String expr) {
    if (!expectOperand) {
      throw bad(expr, "'" + t.text + "' follows an operand without an operator");
    }
  }

  private static void requireOperator(boolean expectOperand, Token t, String expr) {
    if (expectOperand) {
      throw bad(expr, "'" + t.text + "' where an operand is expected");
    }
  }

  private static IllegalArgumentException bad(String expr, String why) {
    return new IllegalArgumentException(why + " in: " + expr);
  }
}
