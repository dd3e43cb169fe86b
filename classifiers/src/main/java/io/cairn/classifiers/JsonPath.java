package io.cairn.classifiers;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A JSON path as Glue's custom JSON classifier takes it: {@code $} followed by steps in dot or
 * bracket notation: {@code .name}, {@code ['name']}, {@code [n]}, {@code [*]} and {@code .*}. The
 * values it selects are the records, such as {@code $[*]} for the elements of a top-level array.
 * Recursive descent ({@code ..}), slices and filters are not supported.
 */
record JsonPath(String text, List<Step> steps) {
  sealed interface Step {}

  /** A member of an object. */
  record Member(String name) implements Step {
    Member {
      requireNonNull(name, "name is null");
    }
  }

  /** An element of an array, from 0. */
  record Index(int index) implements Step {}

  /** Every member of an object or element of an array. */
  record Wildcard() implements Step {}

  JsonPath {
    requireNonNull(text, "text is null");
    steps = List.copyOf(requireNonNull(steps, "steps is null"));
  }

  /**
   * @throws IllegalArgumentException with the position of the first character that is not part of a
   *     supported path
   */
  static JsonPath parse(String text) {
    requireNonNull(text, "text is null");
    if (!text.startsWith("$")) {
      throw invalid(text, 0, "a JSON path starts with $");
    }
    List<Step> steps = new ArrayList<>();
    int i = 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '.') {
        i++;
        if (i < text.length() && text.charAt(i) == '.') {
          throw invalid(text, i, "recursive descent (..) is not supported");
        }
        if (i < text.length() && text.charAt(i) == '*') {
          steps.add(new Wildcard());
          i++;
          continue;
        }
        int start = i;
        while (i < text.length() && isNameCharacter(text.charAt(i))) {
          i++;
        }
        if (i == start) {
          throw invalid(text, i, "a member name must follow '.'");
        }
        steps.add(new Member(text.substring(start, i)));
      } else if (c == '[') {
        i++;
        if (i >= text.length()) {
          throw invalid(text, i, "unclosed '['");
        }
        char first = text.charAt(i);
        if (first == '*') {
          steps.add(new Wildcard());
          i++;
        } else if (first == '\'' || first == '"') {
          int close = text.indexOf(first, i + 1);
          if (close < 0) {
            throw invalid(text, i, "unclosed quoted member name");
          }
          if (close == i + 1) {
            throw invalid(text, i, "empty member name");
          }
          steps.add(new Member(text.substring(i + 1, close)));
          i = close + 1;
        } else if (Character.isDigit(first)) {
          int start = i;
          while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
          }
          try {
            steps.add(new Index(Integer.parseInt(text.substring(start, i))));
          } catch (NumberFormatException e) {
            throw invalid(text, start, "array index too large");
          }
        } else {
          throw invalid(text, i, "expected *, an array index or a quoted member name after '['");
        }
        if (i >= text.length() || text.charAt(i) != ']') {
          throw invalid(text, i, "expected ']'");
        }
        i++;
      } else {
        throw invalid(text, i, "expected '.' or '['");
      }
    }
    return new JsonPath(text, steps);
  }

  private static boolean isNameCharacter(char c) {
    return c != '.' && c != '[' && c != ']' && c != '*' && !Character.isWhitespace(c);
  }

  private static IllegalArgumentException invalid(String text, int position, String problem) {
    return new IllegalArgumentException(
        "invalid JSON path '" + text + "' at position " + position + ": " + problem);
  }

  @Override
  public String toString() {
    return text;
  }
}
