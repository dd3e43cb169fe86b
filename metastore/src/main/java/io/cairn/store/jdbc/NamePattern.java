package io.cairn.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Hive name pattern as a SQL condition: {@code *} matches any run of characters, {@code .} any
 * one character (Hive treats patterns as regular expressions, and clients send {@code .*}; only the
 * databases of Iceberg's nested namespaces hold a dot) and {@code |} separates alternatives;
 * everything else is literal. Names are stored lower-case, so the pattern is lower-cased too.
 */
record NamePattern(String sql, List<Object> parameters) {
  static NamePattern of(String pattern, String column) {
    if (pattern == null || pattern.isEmpty() || pattern.equals("*")) {
      return new NamePattern("", List.of());
    }
    List<Object> likes = new ArrayList<>();
    StringBuilder sql = new StringBuilder(" AND (");
    for (String alternative : pattern.toLowerCase(Locale.ROOT).split("\\|", -1)) {
      if (!likes.isEmpty()) {
        sql.append(" OR ");
      }
      sql.append(column).append(" LIKE ? ESCAPE '\\'");
      likes.add(toLike(alternative.trim()));
    }
    return new NamePattern(sql.append(')').toString(), likes);
  }

  private static String toLike(String alternative) {
    StringBuilder like = new StringBuilder();
    for (char c : alternative.toCharArray()) {
      switch (c) {
        case '*' -> like.append('%');
        case '.' -> like.append('_');
        case '%', '_', '\\' -> like.append('\\').append(c);
        default -> like.append(c);
      }
    }
    return like.toString();
  }
}
