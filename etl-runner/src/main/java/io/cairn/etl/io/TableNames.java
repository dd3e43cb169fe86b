package io.cairn.etl.io;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Names in Spark SQL text: each part in backquotes, so no name is read as SQL. */
final class TableNames {
  private TableNames() {}

  static String quoted(String... parts) {
    return Arrays.stream(parts).map(TableNames::identifier).collect(Collectors.joining("."));
  }

  static String identifier(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** A Spark SQL string literal. */
  static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
